// How much local state a host wrote (its persist directory), and how much of it is wrangler's
// local trace store (a directory named `observability`): what grows with work done on disk.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** {totalBytes, observabilityBytes} of the files under `dirs`. */
export function stateSize(dirs) {
  const sizes = { totalBytes: 0, observabilityBytes: 0 };
  const walk = (dir, inTraces) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, inTraces || entry.name === "observability");
      else if (entry.isFile()) {
        const bytes = statSync(full, { throwIfNoEntry: false })?.size ?? 0;
        sizes.totalBytes += bytes;
        if (inTraces) sizes.observabilityBytes += bytes;
      }
    }
  };
  for (const dir of dirs) walk(dir, false);
  return sizes;
}
