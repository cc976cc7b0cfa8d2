// A small webhook receiver for trying Herald locally: prints each delivery, verifies its
// Standard Webhooks signature with the official `standardwebhooks` package, and can fail on
// purpose to show retries.
//   npm run receiver -- --port 9000 --secret whsec_... [--fail 2] [--status 500]
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9000" },
    secret: { type: "string" },
    fail: { type: "string", default: "0" },
    status: { type: "string", default: "500" },
  },
});
let failuresLeft = Number(values.fail);
const verifier = values.secret ? new Webhook(values.secret) : null;

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString("utf8");
  let verdict = "not checked (no --secret)";
  if (verifier) {
    try {
      // Node keeps repeated headers as arrays; the verifier takes one string per header.
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, [value ?? ""].flat().join(", ")]),
      );
      verifier.verify(body, headers);
      verdict = "valid";
    } catch (err) {
      verdict = `INVALID (${err.message})`;
    }
  }
  const status = failuresLeft > 0 ? Number(values.status) : 200;
  if (failuresLeft > 0) failuresLeft--;
  console.log(`${new Date().toISOString()} ${req.method} ${req.url} -> ${status}`);
  console.log(
    `  webhook-id: ${req.headers["webhook-id"]}  timestamp: ${req.headers["webhook-timestamp"]}  signature: ${verdict}`,
  );
  console.log(`  body: ${body}`);
  res
    .writeHead(status, { "content-type": "text/plain" })
    .end(status === 200 ? "ok" : "failing on purpose");
});

server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(
    `receiver listening on http://127.0.0.1:${values.port}/ (failing the first ${failuresLeft} deliveries)`,
  );
});
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => server.close(() => process.exit(0)));
