import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a loopback receiver got. */
export interface Got {
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Answer = (got: Got, res: ServerResponse) => void | Promise<void>;

/** A real HTTP receiver on 127.0.0.1 that records every request and answers with `answer`. */
export async function startReceiver(answer: Answer = (_g, res) => void res.end("ok")) {
  const got: Got[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: Got = {
      path: req.url ?? "",
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(", ") : (v ?? ""),
        ]),
      ),
      body: Buffer.concat(chunks).toString("utf8"),
    };
    got.push(record);
    try {
      await answer(record, res);
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    got,
    /** Waits (bounded) until `count` requests arrived. */
    async waitFor(count: number, timeoutMs = 30_000): Promise<Got[]> {
      const deadline = Date.now() + timeoutMs;
      while (got.length < count) {
        if (Date.now() > deadline)
          throw new Error(`receiver got ${got.length} requests, expected ${count}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return got;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP port nothing listens on (bound, then released). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}
