import { createServer } from "node:http";
import { verifyWebhook, WebhookVerificationError } from "@herald/client";

const secret = process.env.WEBHOOK_SECRET ?? ""; // the webhook's whsec_…

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    // The raw bytes as received: re-serialised JSON would not verify.
    const event = await verifyWebhook(secret, Buffer.concat(chunks), req.headers);
    if (event.type === "openid.credential.credential_issued") {
      console.log(`issued ${event.id} for ${event.data.organisationId}`);
    }
    res.writeHead(204).end();
  } catch (error) {
    const reason = error instanceof WebhookVerificationError ? error.reason : "error";
    console.log(`refused ${reason}`);
    res.writeHead(400).end(reason);
  }
}).listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
