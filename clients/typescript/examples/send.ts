import { createHeraldClient } from "@herald/client";

const herald = createHeraldClient({
  baseUrl: process.env.HERALD_URL ?? "http://localhost:8787",
  apiKey: process.env.HERALD_API_KEY ?? "",
});

// A webhook for every openid.credential.* event; its secret goes to the receiver.
const webhook = await herald.POST("/v1/webhooks", {
  body: { url: process.env.RECEIVER_URL ?? "", eventTypes: ["openid.credential.*"] },
});
if (webhook.error) throw new Error(`${webhook.error.status}: ${webhook.error.detail}`);
console.log(`webhook ${webhook.data.id} secret ${webhook.data.secret}`);

const event = await herald.POST("/v1/events", {
  body: {
    type: "openid.credential.credential_issued",
    data: { credential: { CredentialExchangeId: "ex-1" }, organisationId: "org-1" },
  },
});
console.log(`event ${event.data?.id}`);
