import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./app-env";
import { loadConfig } from "./config";
import { database } from "./db/client";
import { errorHandler } from "./errors/error-handler";
import { problemResponse } from "./errors/problem";
import { validationHook } from "./errors/validation-hook";
import { limitBodySize } from "./middleware/body-size";
import { refuseKnownFlood } from "./middleware/flood-guard";
import { recordIngestRequests } from "./middleware/ingest-analytics";
import { strictJsonBody } from "./middleware/json-body";
import { refuseDeliveryLoops } from "./middleware/loop-guard";
import { noStore, SECRET_BEARING_ROUTES } from "./middleware/no-store";
import { guardCookieWrites } from "./middleware/portal-session";
import { registerEventWebhooks } from "./openapi/event-webhooks";
import { adminDeadLetterRoutes } from "./routes/admin/dead-letters";
import { adminMetricsRoutes } from "./routes/admin/metrics";
import { adminReencryptRoutes } from "./routes/admin/reencrypt";
import { assetRoutes } from "./routes/assets";
import { auditLogRoutes } from "./routes/audit-log";
import { deliveryRoutes } from "./routes/deliveries";
import { didRoutes } from "./routes/did";
import { docsRoutes } from "./routes/docs";
import { doctorRoutes } from "./routes/doctor";
import { eventTypeRoutes } from "./routes/event-types";
import { eventRoutes } from "./routes/events";
import { eventReadRoutes } from "./routes/events/read";
import { healthRoutes } from "./routes/health";
import { identusWebhookRoutes } from "./routes/identus-webhooks";
import { ingestRoutes } from "./routes/ingest";
import { notifyTargetRoutes } from "./routes/notify-targets";
import { portalAssetRoutes } from "./routes/portal/assets";
import { portalSessionRoutes } from "./routes/portal/session";
import { portalLinkRoutes } from "./routes/portal-links";
import { signingKeyRoutes } from "./routes/signing-keys";
import { statsRoutes } from "./routes/stats";
import { usageRoutes } from "./routes/usage";
import { walletRoutes } from "./routes/wallets";
import { webhookRoutes } from "./routes/webhooks";
import { webhookOperationRoutes } from "./routes/webhooks/operations";
import { ensureBootstrapped } from "./services/bootstrap-once";

/** Puts config and the database handle on the context, and makes sure the environment's wallet and webhooks exist. */
const context = createMiddleware<AppEnv>(async function context(c, next) {
  const config = loadConfig(c.env);
  const db = database(c.env);
  c.set("config", config);
  c.set("db", db);
  await ensureBootstrapped(db, config);
  await next();
});

/** Builds Herald's HTTP API. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", requestId({ headerName: "x-request-id" }));
  app.onError(errorHandler);
  app.notFound((c) =>
    problemResponse("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, {
      requestId: c.get("requestId"),
    }),
  );

  app.route("/", healthRoutes);
  app.route("/", docsRoutes);
  app.route("/", assetRoutes);

  // Outermost on ingest, so a request refused by any later middleware is counted too. A
  // flooding wallet's key is refused right after, before the body is read (flood-guard.ts).
  for (const path of ["/v1/events", "/v1/events/batch", "/v1/ingest/*"]) {
    app.use(path, recordIngestRequests(), refuseDeliveryLoops(), refuseKnownFlood());
  }
  // Each resource's sub-app states its own authentication (keys, or a signature for iGrant).
  // Cookie (portal) requests are CSRF-checked before anything reads their body.
  app.use("/v1/*", guardCookieWrites());
  app.use("/events/*", guardCookieWrites());
  for (const prefix of ["/v1/*", "/events/*", "/portal/session/*", "/cloud-agent/*"]) {
    app.use(prefix, limitBodySize(), strictJsonBody(), context);
  }
  // The did:web documents' paths are fixed by the method, outside /v1: GETs, they need only D1.
  for (const path of ["/.well-known/did.json", "/wallets/*"]) app.use(path, context);
  // Before the wallet routes, whose admin-only middleware covers all of /v1/wallets/*: the
  // JWKS there is public, and the rotation route checks its own keys.
  app.route("/", didRoutes);
  app.route("/v1", signingKeyRoutes);
  for (const path of SECRET_BEARING_ROUTES) app.use(path, noStore());
  app.route("/v1/wallets", walletRoutes);
  app.route("/v1/webhooks", webhookRoutes);
  app.route("/v1/webhooks", webhookOperationRoutes);
  app.route("/v1/webhooks", doctorRoutes);
  app.route("/v1/deliveries", deliveryRoutes);
  app.route("/v1/stats", statsRoutes);
  app.route("/v1/usage", usageRoutes);
  app.route("/v1/admin", adminMetricsRoutes);
  app.route("/v1/admin", adminReencryptRoutes);
  app.route("/v1/admin", adminDeadLetterRoutes);
  app.route("/v1/events", eventReadRoutes);
  app.route("/v1/events", eventRoutes);
  app.route("/v1/ingest", ingestRoutes);
  app.route("/v1/notify-targets", notifyTargetRoutes);
  app.route("/v1/event-types", eventTypeRoutes);
  app.route("/v1/audit-log", auditLogRoutes);
  app.route("/events/webhooks", identusWebhookRoutes);
  app.route("/v1/portal-links", portalLinkRoutes);
  app.route("/portal/session", portalSessionRoutes);
  app.route("/", portalAssetRoutes);
  // An Identus client whose base URL ends in /cloud-agent (the agent's own prefix) works
  // unchanged. Mounted through a plain Hono app so the alias stays out of the OpenAPI document.
  app.route("/cloud-agent", new Hono<AppEnv>().route("/events/webhooks", identusWebhookRoutes));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "Admin or wallet API key",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "apiKey",
    description: "Identus style",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "xApiKey", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "Proven style",
  });
  registerEventWebhooks(app.openAPIRegistry);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Herald",
      version: "0.1.0",
      description:
        "Webhook delivery for verifiable-credential agents: signed (Standard Webhooks), ordered, retried, logged, replayable.",
    },
  });
  return app;
}
