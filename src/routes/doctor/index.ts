import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import { errorResponses, IdParam, jsonContent, keySecurity, problemOf } from "../../schemas/common";
import { lastWebhookDoctorRun, runWebhookDoctor } from "../../services/doctor";
import { workerSender } from "../../services/doctor-sender";
import { webhookDeps } from "../deps";
import { DoctorRun } from "./schemas";

const base = { tags: ["Webhooks"], security: keySecurity };

/** The receiver doctor: probes a webhook's receiver and scores whether it verifies signatures. */
export const doctorRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
doctorRoutes.use("*", requireKey());

doctorRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/doctor",
    operationId: "runWebhookDoctor",
    summary: "Probe this webhook's receiver: does it really verify signatures?",
    description:
      "Sends a fixed series of probes (a signed delivery, then bad, missing and foreign signatures, stale and future timestamps, a changed body, a replay, a held-back body) straight to the webhook's URL, each marked `webhook-doctor: 1` with event type `herald.doctor.probe`. Probes are not deliveries: they are not logged, retried or counted in stats. One run per webhook per minute.",
    request: { params: IdParam },
    responses: {
      200: jsonContent(DoctorRun, "The finished run with its report"),
      409: problemOf("The webhook's URL is not allowed by the current URL rules"),
      429: problemOf("The doctor ran for this webhook less than a minute ago (Retry-After)"),
      ...errorResponses,
    },
  }),
  async (c) =>
    c.json(
      DoctorRun.parse(
        await runWebhookDoctor(
          webhookDeps(c),
          workerSender,
          c.var.principal,
          c.req.valid("param").id,
        ),
      ),
      200,
    ),
);

doctorRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/doctor",
    operationId: "getWebhookDoctor",
    summary: "The latest receiver-doctor run of this webhook",
    request: { params: IdParam },
    responses: { 200: jsonContent(DoctorRun, "The latest run"), ...errorResponses },
  }),
  async (c) =>
    c.json(
      DoctorRun.parse(
        await lastWebhookDoctorRun(webhookDeps(c), c.var.principal, c.req.valid("param").id),
      ),
      200,
    ),
);
