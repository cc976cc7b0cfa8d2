import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { generateSecret } from "../../src/domain/signing/standard-webhooks";
import { CliError } from "./errors.ts";

/** What `herald login` saves; `listenSecret` signs what `herald listen` forwards and outlives logout. */
export interface Profile {
  url?: string;
  key?: string;
  listenSecret?: string;
}

/** The profile file: $XDG_CONFIG_HOME/herald/profile.json, else ~/.config/herald/profile.json. */
export function profilePath(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(homedir(), ".config");
  return path.join(base, "herald", "profile.json");
}

/** The saved profile, or an empty one when there is none. */
export function readProfile(): Profile {
  let text: string;
  try {
    text = readFileSync(profilePath(), "utf8");
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Profile) : {};
  } catch {
    throw new CliError(`${profilePath()} is not valid JSON; fix it or run herald logout`);
  }
}

/** Writes the profile readable by its owner only (0600): it holds an API key. */
export function writeProfile(profile: Profile): void {
  const file = profilePath();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside and renamed, so a crash never leaves half a file; mode set before the rename.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** The profile's listen secret, created and saved on first use so a receiver can keep it in its env. */
export function listenSecret(): string {
  const profile = readProfile();
  if (profile.listenSecret) return profile.listenSecret;
  const secret = generateSecret();
  writeProfile({ ...profile, listenSecret: secret });
  return secret;
}
