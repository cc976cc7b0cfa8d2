// The bench's webhook receiver (and ceiling C0): a bare Node HTTP server on 127.0.0.1, forked by
// the bench and driven over IPC. Per webhook path it verifies every delivery's Standard Webhooks
// signature, counts deliveries and duplicates server-side, checks fifo order (per subject, by
// webhook-sequence, for subject-ordered webhooks), and keeps each
// delivery's ingest-to-delivery latency.
//   POST /c0          answers 200 at once (C0, and C2's target)
//   POST /hook/<name> a registered webhook: behaviour ok | fail (500) | slow (200 after 5 s)
import { createServer } from "node:http";
import { HookLog } from "./hook-log.mjs";
import { verifySignature } from "./verify.mjs";

const SLOW_MS = 5000;
// Answers as typical receiver frameworks do: a short body with its Content-Length.
const OK = { "content-type": "text/plain", "content-length": "2" };

let hooks = new Map();
let c0 = 0;
let badSignatures = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    if (req.url === "/c0") {
      c0++;
      res.writeHead(200, OK).end("ok");
      return;
    }
    const hook = hooks.get(req.url.slice("/hook/".length));
    if (!req.url.startsWith("/hook/") || !hook) {
      res.writeHead(404).end();
      return;
    }
    const body = Buffer.concat(chunks).toString("utf8");
    if (!verifySignature(hook.secret, req.headers, body)) {
      badSignatures++;
      hook.log.badSignature();
      res.writeHead(401).end("bad signature");
      return;
    }
    if (hook.behaviour === "fail") {
      hook.log.failed();
      res.writeHead(500).end("failing on purpose");
      return;
    }
    const answer = () => {
      hook.log.delivered(
        String(req.headers["webhook-id"]),
        body,
        Date.now(),
        req.headers["webhook-sequence"],
      );
      res.writeHead(200, OK).end("ok");
    };
    if (hook.behaviour === "slow") setTimeout(answer, SLOW_MS);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;

/** IPC: {id, cmd, ...args} in, {id, result} out. */
const commands = {
  /** hooks: [{name, secret, behaviour, fifo, subject}] replaces every registration and count. */
  register({ hooks: list }) {
    hooks = new Map(list.map((h) => [h.name, { ...h, log: new HookLog(h.fifo, h.subject) }]));
    badSignatures = 0;
    return true;
  },
  c0Count: () => c0,
  /** Per-hook counts; with latencies: true, each delivery's ingest-to-delivery milliseconds too. */
  stats({ latencies = false }) {
    const out = {};
    for (const [name, hook] of hooks)
      out[name] = { behaviour: hook.behaviour, ...hook.log.summary(latencies) };
    return { hooks: out, badSignatures };
  },
};

process.on("message", (/** @type {{ id: number, cmd: string }} */ msg) => {
  try {
    process.send({ id: msg.id, result: commands[msg.cmd](msg) });
  } catch (err) {
    process.send({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () =>
  process.send({
    listening: /** @type {import("node:net").AddressInfo} */ (server.address()).port,
  }),
);
