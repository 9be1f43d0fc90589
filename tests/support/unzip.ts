// Reads a zip the way a maintainer's unzip would (yauzl, which refuses unsafe entry names).
import yauzl from 'yauzl';

export async function readZip(file: string): Promise<Map<string, string>> {
  const zip = await yauzl.openPromise(file);
  const out = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
      out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
    }
  } finally {
    zip.close();
  }
  return out;
}
