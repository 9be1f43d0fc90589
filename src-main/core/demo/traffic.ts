// Simulated users: requests at random (Poisson) intervals to the demo assistant's own API.
const MAX_IN_FLIGHT = 64;

export function startTraffic(baseUrl: string, perSecond: number, plugins: string[]): { stop(): void } {
  if (perSecond <= 0) return { stop() {} };
  let inFlight = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const fire = () => {
    if (inFlight >= MAX_IN_FLIGHT) return;
    const r = Math.random();
    let path: string;
    let method = 'POST';
    if (r < 0.3) path = '/api/voice';
    else if (r < 0.6) {
      path = '/api/search?q=recipes';
      method = 'GET';
    } else if (r < 0.8) path = `/api/plugins/${plugins[Math.floor(Math.random() * plugins.length)]}`;
    else path = '/api/chat';
    inFlight++;
    fetch(baseUrl + path, { method, signal: AbortSignal.timeout(30_000) })
      .then((res) => res.arrayBuffer())
      .catch(() => {})
      .finally(() => inFlight--);
  };

  const schedule = () => {
    if (stopped) return;
    const waitMs = (-Math.log(1 - Math.random()) / perSecond) * 1000;
    timer = setTimeout(() => {
      fire();
      schedule();
    }, waitMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
