// Regenerates src/schema.generated.ts from the OpenAPI document Herald's app serves at
// /openapi.json, without a server: the app is bundled for Node with esbuild and asked for the
// document through app.request(). With --check it only compares, and fails when the committed
// file is stale (CI runs it through `npm run client:check`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import openapiTS, { astToString } from "openapi-typescript";

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, "..", "..", "..");
const target = path.resolve(here, "..", "src", "schema.generated.ts");
const check = process.argv.includes("--check");

const HEADER = `// Generated from Herald's OpenAPI document by \`npm run client:generate\`. Do not edit.
// \`npm run client:check\` (in CI) fails when this file is stale.

`;

/** The app's own document: the same bytes GET /openapi.json answers with. */
async function openApiDocument() {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-openapi-"));
  try {
    const outfile = path.join(dir, "app.mjs");
    await build({
      entryPoints: [path.join(root, "src", "app.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      outfile,
      logLevel: "error",
      // Files wrangler's [[rules]] bundle as text or bytes; the document never reads them.
      loader: {
        ".html": "text",
        ".css": "text",
        ".txt": "text",
        ".svg": "text",
        ".wasm": "binary",
      },
      plugins: [workerOnlyModules],
    });
    const { createApp } = await import(pathToFileURL(outfile).href);
    const response = await createApp().request("/openapi.json");
    if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
    return await response.json();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// What only workerd provides: Swagger UI's files (bundled as text by wrangler's rules) and the
// `cloudflare:` modules. The document does not depend on either.
const workerOnlyModules = {
  name: "worker-only-modules",
  setup(b) {
    b.onResolve({ filter: /^swagger-ui-dist\/swagger-ui(-bundle\.js|\.css)$/ }, (args) => ({
      path: args.path,
      namespace: "empty-text",
    }));
    b.onLoad({ filter: /.*/, namespace: "empty-text" }, () => ({ contents: "", loader: "text" }));
    b.onResolve({ filter: /^cloudflare:|^__STATIC_CONTENT_MANIFEST$/ }, (args) => ({
      path: args.path,
      namespace: "cf-stub",
    }));
    b.onLoad({ filter: /.*/, namespace: "cf-stub" }, () => ({
      contents:
        "export class DurableObject {} export class WorkerEntrypoint {} export class WorkflowEntrypoint {} export const env = {}; export default '{}';",
      loader: "js",
    }));
  },
};

const document = await openApiDocument();
const types = HEADER + astToString(await openapiTS(document, { alphabetize: false }));

if (check) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {}
  if (committed !== types) {
    console.error(
      `${path.relative(root, target)} is stale: the OpenAPI document changed. Run \`npm run client:generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${path.relative(root, target)} matches the OpenAPI document.`);
} else {
  writeFileSync(target, types);
  console.log(`wrote ${path.relative(root, target)}`);
}
