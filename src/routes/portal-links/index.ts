import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
} from "../../schemas/common";
import { createPortalLink } from "../../services/portal-links";
import { CreatePortalLinkBody, PortalLink } from "../portal/schemas";

/** `POST /v1/portal-links`: one-time links into the portal, for an operator's own dashboard. */
export const portalLinkRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
portalLinkRoutes.use("*", requireKey());

portalLinkRoutes.openapi(
  createRoute({
    tags: ["Portal"],
    security: keySecurity,
    method: "post",
    path: "/",
    operationId: "createPortalLink",
    summary: "A one-time portal link for a wallet (valid 15 minutes, opens once)",
    request: { body: jsonBody(CreatePortalLinkBody) },
    responses: {
      201: jsonContent(PortalLink, "The link"),
      403: problemOf("Another wallet's link with a wallet key"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const link = await createPortalLink(
      c.var.db,
      c.var.principal,
      c.req.valid("json"),
      new URL(c.req.url).origin,
    );
    return c.json(PortalLink.parse(link), 201);
  },
);
