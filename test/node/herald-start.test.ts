import { describe, expect, it } from "vitest";
import { adminKey, api, heraldUrl, newWallet } from "./helpers/herald.ts";

// The harness itself: Herald started by npm start's script answers with the tests' admin key.
describe("Herald started as npm start starts it", () => {
  it("answers health and accepts the admin key", async () => {
    const res = await fetch(`${heraldUrl()}/health`);
    expect(res.status).toBe(200);
    const wallet = await newWallet();
    expect(wallet.apiKey).toEqual(expect.any(String));
    const wallets = await api<{ data: { id: string }[] }>("GET", "/v1/wallets", adminKey());
    expect(wallets.data.map((w: { id: string }) => w.id)).toContain(wallet.id);
  });

  it("refuses a wrong key with 401", async () => {
    const res = await fetch(`${heraldUrl()}/v1/webhooks`, {
      headers: { authorization: "Bearer not-a-key" },
    });
    expect(res.status).toBe(401);
  });
});
