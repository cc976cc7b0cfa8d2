import type { TestProject } from "vitest/node";
import { createServer } from "node:http";

export default async function setup(project: TestProject) {
  const server = createServer((req, res) => { res.end("ok"); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  project.provide("receiverPort", typeof addr === "object" && addr ? addr.port : 0);
  return async () => { await new Promise((r) => server.close(r)); };
}
