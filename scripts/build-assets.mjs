// `npm run build:assets`: writes the Worker's static assets into public/ (git-ignored), which
// wrangler.toml's [assets] serves through the ASSETS binding. Runs before `npm start`, `npm test`,
// `npm run build` and `npm run deploy`. Each step owns one folder under public/; a later one (a
// portal build into public/portal/) is one more entry in `steps`.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where wrangler.toml's `[assets] directory` points. */
export const publicDir = path.join(root, "public");

/** Swagger UI's script and stylesheet, from the pinned swagger-ui-dist, for GET /docs. */
function swaggerUi() {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve("swagger-ui-dist/package.json"));
  const target = path.join(publicDir, "docs", "assets");
  mkdirSync(target, { recursive: true });
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    copyFileSync(path.join(dist, file), path.join(target, file));
  }
  return target;
}

/** @type {{ folder: string, build: () => string }[]} */
const steps = [{ folder: "docs", build: swaggerUi }];

/** Rebuilds every step's folder from scratch, so a removed file does not linger in public/. */
export function buildAssets() {
  for (const step of steps) {
    rmSync(path.join(publicDir, step.folder), { recursive: true, force: true });
    step.build();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAssets();
  process.stdout.write(`build:assets: ${steps.map((s) => `public/${s.folder}/`).join(", ")}\n`);
}
