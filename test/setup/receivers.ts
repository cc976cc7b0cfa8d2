import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { TestProject } from "vitest/node";

// A real HTTP receiver on loopback for end-to-end tests. Each test creates its own endpoint
// (/r/<name>) with a script of answers, then reads back exactly what arrived.
//   PUT  /control/<name>   {script: [{status, delayMs, headers, body | bodyBase64}], default?: {...}}
//   GET  /control/<name>   -> {requests: [{method, path, headers, body, at}]}
//   POST /r/<name>...      -> answers with the next script step (then the default, 200)

interface Step {
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Raw answer bytes, base64: for bodies that are not UTF-8 (wins over `body`). */
  bodyBase64?: string;
  /** "reset" destroys the socket without answering. */
  action?: "reset";
}

interface Endpoint {
  script: Step[];
  fallback: Step;
  requests: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    at: number;
    /** The status the script answered with; null for a reset. */
    status: number | null;
  }[];
}

const endpoints = new Map<string, Endpoint>();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const [, area, name] = url.pathname.split("/");
  const body = await readBody(req);
  if (area === "control" && name) {
    if (req.method === "PUT") {
      const config = JSON.parse(body || "{}") as { script?: Step[]; default?: Step };
      endpoints.set(name, { script: config.script ?? [], fallback: config.default ?? { status: 200 }, requests: [] });
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ requests: endpoints.get(name)?.requests ?? [] }));
    return;
  }
  const endpoint = name ? endpoints.get(name) : undefined;
  if (area !== "r" || !endpoint) {
    res.writeHead(404).end("no such endpoint");
    return;
  }
  const step = endpoint.script.shift() ?? endpoint.fallback;
  const status = step.action === "reset" ? null : (step.status ?? 200);
  endpoint.requests.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body, at: Date.now(), status });
  if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
  if (step.action === "reset") {
    req.socket.destroy();
    return;
  }
  res.writeHead(step.status ?? 200, step.headers ?? {}).end(step.bodyBase64 !== undefined ? Buffer.from(step.bodyBase64, "base64") : (step.body ?? "ok"));
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
