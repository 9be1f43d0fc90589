import type { Page } from 'playwright-core';

/** Pixels of a chart canvas close to a line colour (default #4c9aff, the first series). */
export function linePixels(page: Page, selector: string, rgb: [number, number, number] = [0x4c, 0x9a, 0xff]): Promise<number> {
  return page.$eval(
    selector,
    (canvas, [r, g, b]) => {
      const c = canvas as HTMLCanvasElement;
      const img = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < img.length; i += 4) {
        if (img[i + 3]! > 200 && Math.abs(img[i]! - r!) < 30 && Math.abs(img[i + 1]! - g!) < 30 && Math.abs(img[i + 2]! - b!) < 30) n++;
      }
      return n;
    },
    rgb,
  );
}
