import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import type { TestProject } from "vitest/node";

// A real HTTP receiver on loopback for end-to-end tests. Each test creates its own endpoint
// (/r/<name>) with a script of answers, then reads back exactly what arrived.
//   PUT  /control/<name>   {script: [{status, delayMs, headers, body | bodyBase64, action}], default?: {...},
//                           rules?: [{bodyIncludes, step}]}  (a rule's step wins when the body matches)
//   PATCH /control/<name>  {rules}  -> replaces the rules, keeps the script and what arrived
//   GET  /control/<name>   -> {requests: [{method, path, headers, body, at, status, bytesSent, clientGone}]}
//   POST /r/<name>...      -> answers with the next script step (then the default, 200)
// Actions misbehave the way broken receivers do; the socket-level ones bypass Node's
// ServerResponse and write raw bytes, so nothing tidies the misbehaviour up.

interface Step {
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Raw answer bytes, base64: for bodies that are not UTF-8 (wins over `body`). */
  bodyBase64?: string;
  /**
   * - "reset": read the request, then abort the connection with a TCP RST, no answer;
   * - "close": close the connection as soon as the request's headers arrive, unread and unanswered;
   * - "slow-headers": send the status line, then one header line every `intervalMs`, `lines` times, then the end;
   * - "slow-body": send the status and headers at once, then `chunk` bytes of body every `intervalMs`, `lines` times;
   * - "huge-body": answer `status` with a `bodyBytes`-byte body as fast as the client reads it;
   * - "answer-first": answer before reading a byte of the request body, then read it;
   * - "verify": read the body, verify its Standard Webhooks signature with `secret` (the
   *   standardwebhooks package), answer 204 when valid and 401 when not.
   */
  action?:
    | "reset"
    | "close"
    | "slow-headers"
    | "slow-body"
    | "huge-body"
    | "answer-first"
    | "verify";
  secret?: string;
  intervalMs?: number;
  lines?: number;
  bodyBytes?: number;
}

interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
  /** The status the script answered with; null when it answered none (reset, close). */
  status: number | null;
  /** Body bytes written before the exchange ended (huge-body, slow-body). */
  bytesSent?: number;
  /** True when the client closed the connection before the answer was complete. */
  clientGone?: boolean;
  /** True when the receiver hung up without reading the body (close): `body` is empty, not what was sent. */
  unread?: boolean;
}

/** An answer chosen by what arrived, before the script: `step` when the body contains `bodyIncludes`. */
interface Rule {
  bodyIncludes: string;
  step: Step;
}

interface Endpoint {
  script: Step[];
  fallback: Step;
  rules: Rule[];
  requests: Received[];
}

const endpoints = new Map<string, Endpoint>();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes to the raw socket; false once the client has gone. */
async function rawWrite(req: IncomingMessage, data: string | Buffer): Promise<boolean> {
  const socket = req.socket;
  if (socket.destroyed || !socket.writable) return false;
  return new Promise((resolve) => socket.write(data, (err) => resolve(!err)));
}

async function slowHeaders(req: IncomingMessage, step: Step, record: Received): Promise<void> {
  if (!(await rawWrite(req, `HTTP/1.1 ${step.status ?? 200} OK\r\n`))) {
    record.clientGone = true;
    return;
  }
  for (let i = 0; i < (step.lines ?? 10); i++) {
    await sleep(step.intervalMs ?? 500);
    if (!(await rawWrite(req, `X-Slow-${i}: ${i}\r\n`))) {
      record.clientGone = true;
      return;
    }
  }
  await rawWrite(req, "Content-Length: 2\r\nConnection: close\r\n\r\nok");
  req.socket.end();
}

async function slowBody(
  req: IncomingMessage,
  res: ServerResponse,
  step: Step,
  record: Received,
): Promise<void> {
  res.writeHead(step.status ?? 200, { "content-type": "text/plain", ...step.headers });
  res.flushHeaders();
  record.bytesSent = 0;
  for (let i = 0; i < (step.lines ?? 10); i++) {
    await sleep(step.intervalMs ?? 500);
    if (res.destroyed || req.socket.destroyed) {
      record.clientGone = true;
      return;
    }
    res.write("slow.");
    record.bytesSent += 5;
  }
  res.end();
}

async function hugeBody(
  _req: IncomingMessage,
  res: ServerResponse,
  step: Step,
  record: Received,
): Promise<void> {
  const total = step.bodyBytes ?? 50 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, "x");
  res.writeHead(step.status ?? 200, {
    "content-type": "text/plain",
    "content-length": String(total),
    ...step.headers,
  });
  record.bytesSent = 0;
  let gone = false;
  res.on("close", () => (gone = !res.writableFinished));
  while (record.bytesSent < total) {
    if (gone || res.destroyed) break;
    const part = chunk.subarray(0, Math.min(chunk.length, total - record.bytesSent));
    record.bytesSent += part.length;
    // Backpressure: wait until the client has taken what was written (or has gone).
    if (!res.write(part)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  if (!gone && !res.destroyed) res.end();
  else record.clientGone = true;
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: Endpoint,
  url: URL,
): Promise<void> {
  // Rules read the body before answering; an endpoint without rules reads it as the step says.
  const early = endpoint.rules.length ? await readBody(req) : null;
  const rule =
    early === null ? undefined : endpoint.rules.find((r) => early.includes(r.bodyIncludes));
  const step = rule?.step ?? endpoint.script.shift() ?? endpoint.fallback;
  const silent = step.action === "reset" || step.action === "close";
  const record: Received = {
    method: req.method ?? "",
    path: url.pathname + url.search,
    headers: req.headers,
    body: "",
    at: Date.now(),
    status: silent ? null : (step.status ?? 200),
  };
  endpoint.requests.push(record);
  if (step.action === "close") {
    record.unread = true;
    req.socket.destroy();
    return;
  }
  if (step.action === "answer-first") {
    res.writeHead(step.status ?? 200, step.headers ?? {}).end(step.body ?? "ok");
    record.body = early ?? (await readBody(req));
    return;
  }
  record.body = early ?? (await readBody(req));
  if (step.delayMs) await sleep(step.delayMs);
  if (step.action === "reset") return void req.socket.resetAndDestroy();
  if (step.action === "slow-headers") return slowHeaders(req, step, record);
  if (step.action === "slow-body") return slowBody(req, res, step, record);
  if (step.action === "huge-body") return hugeBody(req, res, step, record);
  if (step.action === "verify") {
    let valid = true;
    try {
      new Webhook(step.secret ?? "").verify(record.body, req.headers as Record<string, string>);
    } catch {
      valid = false;
    }
    record.status = valid ? 204 : 401;
    return void res.writeHead(record.status).end(valid ? "" : "invalid signature");
  }
  res
    .writeHead(step.status ?? 200, step.headers ?? {})
    .end(
      step.bodyBase64 !== undefined ? Buffer.from(step.bodyBase64, "base64") : (step.body ?? "ok"),
    );
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const [, area, name] = url.pathname.split("/");
  if (area === "control" && name) {
    const body = await readBody(req);
    const existing = endpoints.get(name);
    if (req.method === "PATCH" && existing) {
      // New rules, same endpoint: what arrived so far stays (a test heals a receiver mid-run).
      existing.rules = (JSON.parse(body || "{}") as { rules?: Rule[] }).rules ?? [];
      res.writeHead(204).end();
      return;
    }
    if (req.method === "PUT") {
      const config = JSON.parse(body || "{}") as {
        script?: Step[];
        default?: Step;
        rules?: Rule[];
      };
      endpoints.set(name, {
        script: config.script ?? [],
        fallback: config.default ?? { status: 200 },
        rules: config.rules ?? [],
        requests: [],
      });
      res.writeHead(204).end();
      return;
    }
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ requests: endpoints.get(name)?.requests ?? [] }));
    return;
  }
  const endpoint = name ? endpoints.get(name) : undefined;
  if (area !== "r" || !endpoint) {
    await readBody(req);
    res.writeHead(404).end("no such endpoint");
    return;
  }
  await answer(req, res, endpoint, url);
}

export default async function setup(project: TestProject) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  project.provide("receiverPort", typeof address === "object" && address ? address.port : 0);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
