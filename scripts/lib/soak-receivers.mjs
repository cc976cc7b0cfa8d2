// The soak's webhook receivers: one loopback HTTP server, one path per webhook (/r/<index>).
// Each delivery's Standard Webhooks signature is verified with the official package as it
// arrives; the answer is a failure (500, 502, 503 or a reset connection) `failRate` of the
// time and slow (0.3-2 s) `slowRate` of the time, from a seeded generator so a run repeats.
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

/** A small seeded PRNG (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAILURES = [
  { weight: 0.5, status: 500 },
  { weight: 0.2, status: 503 },
  { weight: 0.15, status: 502 },
  { weight: 0.15, status: null }, // connection reset, no answer
];

function pickFailure(r) {
  let acc = 0;
  for (const f of FAILURES) {
    acc += f.weight;
    if (r < acc) return f.status;
  }
  return 500;
}

/**
 * Starts the receivers. Returns their base URL, a way to register each webhook's secret, and
 * what arrived: per webhook index, every request as {id, status, at} in arrival order.
 */
export async function startReceivers({ failRate, slowRate, seed }) {
  const random = seededRandom(seed);
  const verifiers = new Map();
  const arrivals = new Map();
  const counts = {
    requests: 0,
    answered2xx: 0,
    failedOnPurpose: 0,
    resets: 0,
    slowed: 0,
    signatureFailures: 0,
    unknownPath: 0,
  };
  const signatureProblems = [];

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    const index = Number(/^\/r\/(\d+)$/.exec(req.url ?? "")?.[1] ?? NaN);
    const verifier = verifiers.get(index);
    counts.requests++;
    if (!verifier) {
      counts.unknownPath++;
      res.writeHead(404).end();
      return;
    }
    const id = String(req.headers["webhook-id"] ?? "");
    try {
      verifier.verify(body, req.headers);
    } catch (err) {
      counts.signatureFailures++;
      if (signatureProblems.length < 5) signatureProblems.push(`${index} ${id}: ${err.message}`);
    }
    const fail = random() < failRate;
    const slow = random() < slowRate;
    const failure = fail ? pickFailure(random()) : 200;
    const delay = slow ? 300 + Math.floor(random() * 1700) : 0;
    const record = { id, status: failure, at: Date.now() };
    if (!arrivals.has(index)) arrivals.set(index, []);
    arrivals.get(index).push(record);
    if (slow) {
      counts.slowed++;
      await new Promise((r) => setTimeout(r, delay));
    }
    if (failure === null) {
      counts.resets++;
      req.socket.resetAndDestroy();
      return;
    }
    if (failure !== 200) counts.failedOnPurpose++;
    else counts.answered2xx++;
    res
      .writeHead(failure, { "content-type": "text/plain" })
      .end(failure === 200 ? "ok" : "failing on purpose");
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: (index) => `http://127.0.0.1:${port}/r/${index}`,
    register: (index, secret) => verifiers.set(index, new Webhook(secret)),
    arrivals,
    counts,
    signatureProblems,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
