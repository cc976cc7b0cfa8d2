#!/usr/bin/env node
// The `herald` command. The CLI is TypeScript run by Node's type stripping, and it reuses
// Herald's pure domain code from src/domain/, whose imports carry no file extension (they are
// written for the Worker's bundler): a resolve hook retries such relative imports with `.ts`.
import module from "node:module";

if (!process.features.typescript || typeof module.registerHooks !== "function") {
  process.stderr.write(
    `herald: needs Node >= 22.18 (TypeScript type stripping); this is Node ${process.versions.node}\n`,
  );
  process.exit(1);
}

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      const relative = specifier.startsWith("./") || specifier.startsWith("../");
      if (!relative || /\.[cm]?[jt]s$/.test(specifier)) throw err;
      if (err?.code === "ERR_UNSUPPORTED_DIR_IMPORT")
        return nextResolve(`${specifier}/index.ts`, context);
      if (err?.code === "ERR_MODULE_NOT_FOUND") return nextResolve(`${specifier}.ts`, context);
      throw err;
    }
  },
});

// Herald's domain code uses Uint8Array's base64 and hex methods, native in workerd but not yet in
// Node 24: install them from core-js when they are missing.
await import("core-js/actual/typed-array/from-base64.js");
await import("core-js/actual/typed-array/to-base64.js");
await import("core-js/actual/typed-array/from-hex.js");
await import("core-js/actual/typed-array/to-hex.js");

const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
