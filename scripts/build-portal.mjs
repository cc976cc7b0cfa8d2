// `npm run build:portal`: builds the portal (portal/, Preact) with Vite into public/portal/,
// which the Worker serves at /portal/ through its ASSETS binding. Prints the gzip size of the
// JavaScript the first page loads (every script the built index.html references, with the
// chunks they import), which the README states. Node built-ins and Vite only.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "public", "portal");
const BUDGET_BYTES = 120 * 1024;

rmSync(outDir, { recursive: true, force: true });
await build({
  root: path.join(root, "portal"),
  base: "/portal/",
  logLevel: "warn",
  configFile: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir, emptyOutDir: true, assetsDir: "assets", sourcemap: false, target: "es2022" },
});

// The first page's JavaScript: every .js file in the build (one entry; no lazy chunks).
const assets = path.join(outDir, "assets");
let raw = 0;
let gzip = 0;
for (const file of readdirSync(assets).filter((f) => f.endsWith(".js"))) {
  const bytes = readFileSync(path.join(assets, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
process.stdout.write(
  `portal: built public/portal/ - first page JavaScript ${kb(gzip)} gzip (${kb(raw)} raw)\n`,
);
if (gzip > BUDGET_BYTES) {
  process.stderr.write(`portal: JavaScript is over the ${kb(BUDGET_BYTES)} gzip budget\n`);
  process.exit(1);
}
