import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import {
  clearSessionCookie,
  cookieIsSecure,
  SESSION_TTL_MS,
  sessionCookieValue,
  setSessionCookie,
} from "../../domain/portal/cookie-header";
import { HeraldError } from "../../errors/herald-error";
import { validationHook } from "../../errors/validation-hook";
import { assertSameOrigin, guardCookieWrites } from "../../middleware/portal-session";
import { errorResponses, jsonBody, jsonContent, problemOf } from "../../schemas/common";
import {
  endSession,
  openSessionWithKey,
  openSessionWithLink,
  type PortalSession,
  sessionFromCookie,
} from "../../services/portal-sessions";
import { KeySignIn, LinkSignIn, PortalSessionView } from "./schemas";

const base = { tags: ["Portal"] };
const sessionResponses = {
  200: jsonContent(PortalSessionView, "The session; its cookie is set"),
  403: problemOf("Not sent from this origin"),
  ...errorResponses,
};

function view(session: PortalSession) {
  return PortalSessionView.parse({
    kind: session.principal.kind,
    walletId: session.principal.kind === "wallet" ? session.principal.walletId : null,
    readOnly: session.readOnly,
    expiresAt: new Date(session.expiresAt).toISOString(),
    csrfToken: session.csrfToken,
  });
}

function withCookie(c: Context<AppEnv>, cookie: string) {
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  c.header("set-cookie", setSessionCookie(cookie, maxAge, cookieIsSecure(c.req.url)));
  c.header("cache-control", "no-store");
}

/** The portal's sign-in, session and sign-out (cookie sessions for the browser). */
export const portalSessionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

portalSessionRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createPortalSession",
    summary: "Sign in to the portal with an admin or wallet key (sets an HttpOnly session cookie)",
    request: { body: jsonBody(KeySignIn) },
    responses: sessionResponses,
  }),
  async (c) => {
    assertSameOrigin(c);
    const session = await openSessionWithKey(c.var.db, c.var.config, c.req.valid("json").apiKey);
    withCookie(c, session.cookie);
    return c.json(view(session), 200);
  },
);

portalSessionRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/link",
    operationId: "openPortalLink",
    summary: "Open a portal session with a portal link's one-time token",
    request: { body: jsonBody(LinkSignIn) },
    responses: sessionResponses,
  }),
  async (c) => {
    assertSameOrigin(c);
    const session = await openSessionWithLink(c.var.db, c.var.config, c.req.valid("json").token);
    withCookie(c, session.cookie);
    return c.json(view(session), 200);
  },
);

portalSessionRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "getPortalSession",
    summary: "The current portal session (with its CSRF token)",
    responses: { 200: jsonContent(PortalSessionView, "The session"), 401: errorResponses[401] },
  }),
  async (c) => {
    const cookie = sessionCookieValue(c.req.header("cookie") ?? null);
    if (!cookie) throw new HeraldError("unauthorized", "Not signed in to the portal");
    c.header("cache-control", "no-store");
    return c.json(view(await sessionFromCookie(c.var.db, c.var.config, cookie)), 200);
  },
);

portalSessionRoutes.use("/logout", guardCookieWrites({ allowReadOnly: true }));
portalSessionRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/logout",
    operationId: "endPortalSession",
    summary: "Sign out: ends the session for good and clears its cookie",
    responses: { 204: { description: "Signed out" }, 403: problemOf("CSRF check failed") },
  }),
  async (c) => {
    const cookie = sessionCookieValue(c.req.header("cookie") ?? null);
    if (cookie) await endSession(c.var.db, c.var.config, cookie);
    c.header("set-cookie", clearSessionCookie(cookieIsSecure(c.req.url)));
    return c.body(null, 204);
  },
);
