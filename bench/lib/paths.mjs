// Where things are: the repository root and the bench's own folders.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const projectRoot = path.resolve(here, "..", "..");
/** bench/ */
export const benchRoot = path.resolve(here, "..");
/** bench/results/ (git-ignored except .gitkeep). */
export const resultsDir = path.join(benchRoot, "results");
