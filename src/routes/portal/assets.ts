import { Hono } from "hono";
import type { AppEnv } from "../../app-env";

// The portal's pages are static files (public/portal/, built by scripts/build-portal.mjs)
// served through the ASSETS binding; the worker runs first for every path, so it adds the
// headers below. No session is needed for the files: the data comes from the API.
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** `/portal/*`: the portal's built files. */
export const portalAssetRoutes = new Hono<AppEnv>();

portalAssetRoutes.get("/portal", (c) => c.redirect("/portal/", 308));
portalAssetRoutes.get("/portal/*", async (c) => {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  const response = new Response(asset.body, asset);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
});
