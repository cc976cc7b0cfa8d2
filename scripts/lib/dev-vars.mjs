// The .dev.vars a local Herald runs with, made from .dev.vars.example: the example keeps the keys
// empty and the dev relaxations commented out, so that the Deploy button (which offers every
// uncommented line of it) never suggests a known key or an unsafe setting for production.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./wrangler.mjs";

/** The settings that the example leaves commented out and local development turns on. */
export const DEV_RELAXATIONS = ["ALLOW_PRIVATE_DESTINATIONS", "ALLOW_INSECURE_URLS"];

/**
 * The text of a local .dev.vars: the example with `keys` filled in (fresh random ones when not
 * given) and the dev relaxations uncommented.
 * @param {{ adminKey?: string, encryptionKey?: string }} [keys]
 */
export function devVarsText(keys = {}) {
  const example = readFileSync(path.join(projectRoot, ".dev.vars.example"), "utf8");
  const adminKey = keys.adminKey ?? `herald_admin_${randomBytes(18).toString("base64url")}`;
  const encryptionKey = keys.encryptionKey ?? randomBytes(32).toString("base64");
  return example
    .replace(/^ADMIN_API_KEY=$/m, `ADMIN_API_KEY=${adminKey}`)
    .replace(/^ENCRYPTION_KEY=$/m, `ENCRYPTION_KEY=${encryptionKey}`)
    .replace(new RegExp(`^# (${DEV_RELAXATIONS.join("|")})=true$`, "gm"), "$1=true");
}
