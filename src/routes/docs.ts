import { Hono } from "hono";
import swaggerUiPackage from "swagger-ui-dist/package.json";
import swaggerUiStyles from "swagger-ui-dist/swagger-ui.css";
import swaggerUiScript from "swagger-ui-dist/swagger-ui-bundle.js";
import type { AppEnv } from "../app-env";

// Swagger UI is bundled as text (wrangler.toml `[[rules]]`) and served from here, so the page
// works offline and in air-gapped installs: no CDN, no static-assets directory to populate.
const version = swaggerUiPackage.version;
const assetBase = "/docs/assets";
const scriptPath = `${assetBase}/swagger-ui-bundle.js?v=${version}`;
const stylesPath = `${assetBase}/swagger-ui.css?v=${version}`;
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

const assets: Record<string, { body: string; type: string; cache: string }> = {
  "swagger-ui-bundle.js": {
    body: swaggerUiScript,
    type: "text/javascript; charset=utf-8",
    cache: "public, max-age=31536000, immutable",
  },
  "swagger-ui.css": {
    body: swaggerUiStyles,
    type: "text/css; charset=utf-8",
    cache: "public, max-age=31536000, immutable",
  },
  "init.js": { body: initScript, type: "text/javascript; charset=utf-8", cache: "no-cache" },
};

/** `GET /docs`: the interactive API reference (Swagger UI over `/openapi.json`), and the files it loads. */
export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/docs", (c) => {
  c.header("content-security-policy", pagePolicy);
  c.header("cache-control", "no-cache");
  return c.html(page);
});

docsRoutes.get(`${assetBase}/:file`, (c, next) => {
  const asset = assets[c.req.param("file")];
  if (!asset) return next();
  return c.body(asset.body, 200, {
    "content-type": asset.type,
    "cache-control": asset.cache,
    "x-content-type-options": "nosniff",
  });
});
