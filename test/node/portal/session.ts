import type { Page } from "playwright-core";
import { heraldUrl } from "../helpers/herald.ts";

/** Opens the portal and signs in with a key through the sign-in form. */
export async function signInWithKey(page: Page, key: string) {
  await page.goto(`${heraldUrl()}/portal/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Portal" }).waitFor();
}

/** Waits until `check` holds, clicking the deliveries' Refresh between looks (no fixed sleeps). */
export async function refreshUntil(page: Page, check: () => Promise<boolean>, tries = 60) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.waitForTimeout(500);
  }
  throw new Error("the page never showed what the test waited for");
}
