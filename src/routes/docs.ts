import { Hono } from "hono";
import type { AppEnv } from "../app-env";

// Swagger UI's files are static assets (public/docs/assets/, see src/routes/assets.ts), copied
// from swagger-ui-dist by scripts/build-assets.mjs, so the page needs no CDN.
const assetBase = "/docs/assets";
const scriptPath = `${assetBase}/swagger-ui-bundle.js`;
const stylesPath = `${assetBase}/swagger-ui.css`;
const initPath = `${assetBase}/init.js`;

// Runs in the browser. Kept out of the HTML so the page's CSP can forbid inline scripts.
const initScript = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis],
  deepLinking: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  filter: true,
  tryItOutEnabled: true,
  validatorUrl: null,
});
`;

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${stylesPath}">
<style>body { margin: 0; background: #fafafa; } .herald-hint { font: 14px/1.5 sans-serif; max-width: 1420px; margin: 0 auto; padding: 12px 20px 0; color: #3b4151; }</style>
</head>
<body>
<p class="herald-hint">Press <b>Authorize</b> and enter the admin key or a wallet's API key under <b>bearer</b>, then <b>Try it out</b> on any operation. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>
<div id="swagger-ui"></div>
<script src="${scriptPath}"></script>
<script src="${initPath}"></script>
</body>
</html>
`;

// Everything the page needs comes from this origin; "Try it out" calls the API on it too.
const pagePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** `GET /docs`: the interactive API reference (Swagger UI over `/openapi.json`) and its settings script. */
export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/docs", (c) => {
  c.header("content-security-policy", pagePolicy);
  c.header("cache-control", "no-cache");
  return c.html(page);
});

// The page's settings: served by the Worker, not from public/, so the page and its settings
// are one file and cannot drift apart.
docsRoutes.get(initPath, (c) =>
  c.body(initScript, 200, {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  }),
);
