// Fixed-rate load, evenly paced: request i leaves at start + i / rate, whether or not earlier
// ones have answered (open loop, so a slow system cannot slow the arrivals down and hide its
// latency). autocannon's rate mode sends each second's quota back to back at the start of the
// second, a burst, which measures queueing behind the burst rather than latency at that rate.
// Requests take turns over `lanes` keep-alive connections; a lane sends its next request only
// after its last one answered, so each lane's events have a defined order ({conn: lane, n}).
import http from "node:http";

function post(options, body) {
  return new Promise((resolve) => {
    const req = http.request(options, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(null));
    req.end(body);
  });
}

/** Posts `rate` requests a second for `durationS`; returns {requests, ok, non2xx, errors, durationS}. */
export async function runPaced({ url, path, headers = {}, body, rate, durationS, lanes }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
  const { hostname, port } = new URL(url);
  const options = {
    hostname,
    port,
    path,
    method: "POST",
    agent,
    headers: { "content-type": "application/json", ...headers },
  };
  const total = Math.max(1, Math.round(rate * durationS));
  const laneTail = Array.from({ length: lanes }, () => Promise.resolve());
  const laneNext = Array(lanes).fill(0);
  const counts = { requests: total, ok: 0, non2xx: 0, errors: 0 };
  const start = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const lane = i % lanes;
      // Stamped when it is due, not when its lane gets to it: a late lane shows as latency.
      const seq = { conn: lane, n: laneNext[lane]++, postedAt: Date.now() };
      laneTail[lane] = laneTail[lane].then(async () => {
        const status = await post(options, body(seq));
        if (status === null) counts.errors++;
        else if (status >= 200 && status < 300) counts.ok++;
        else counts.non2xx++;
      });
    }
    await Promise.all(laneTail);
  } finally {
    agent.destroy();
  }
  return { ...counts, durationS: (performance.now() - start) / 1000 };
}
