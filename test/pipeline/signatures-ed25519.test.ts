import * as ed from "@noble/ed25519";
import { Webhook } from "standardwebhooks";
import { describe, expect, it, vi } from "vitest";
import { ADMIN_KEY, call, callJson, newWallet, newWebhook } from "../helpers/api";
import { resolveDid, resolveKey } from "../helpers/did";
import { newReceiver, type Received } from "../helpers/receiver";
import { endRotationOverlap } from "../helpers/signing-keys";

// web-did-resolver fetches with cross-fetch: pointed at this Worker, nothing else changes.
vi.mock("cross-fetch", async () => {
  const { workerFetch } = await import("../helpers/worker-fetch");
  return { default: workerFetch, fetch: workerFetch };
});

const b64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The v1a signatures of a delivery, decoded. */
function v1aSignatures(req: Received): Uint8Array[] {
  return req.headers["webhook-signature"]!.split(" ")
    .filter((entry) => entry.startsWith("v1a,"))
    .map((entry) => b64(entry.slice(4)));
}

/** What Standard Webhooks signs: "{webhook-id}.{webhook-timestamp}.{body}". */
const signedContent = (req: Received, body = req.body) =>
  utf8(`${req.headers["webhook-id"]}.${req.headers["webhook-timestamp"]}.${body}`);

/** True when any v1a signature of the delivery verifies with this public key (an independent Ed25519). */
async function verifiesWith(req: Received, publicKey: Uint8Array, body = req.body) {
  const results = await Promise.all(
    v1aSignatures(req).map((sig) => ed.verifyAsync(sig, signedContent(req, body), publicKey)),
  );
  return results.includes(true);
}

async function send(apiKey: string, n: number) {
  const accepted = await callJson("/v1/events", {
    key: apiKey,
    body: { type: "openid.credential.offer_sent", data: { offerId: `o-${n}` } },
  });
  expect(accepted.status).toBe(202);
  return accepted.body.id as string;
}

describe("Ed25519 signatures (Standard Webhooks v1a)", () => {
  it("signs with the wallet's key, named by webhook-key-id, verifiable from the resolved DID", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, signature: "ed25519" });
    expect(hook.signature).toBe("ed25519");
    await send(wallet.apiKey, 1);
    const [req] = await receiver.waitFor(1);

    // v1a only: no HMAC entry rides along.
    expect(req!.headers["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]+={0,2}$/);
    const keyId = req!.headers["webhook-key-id"]!;
    expect(keyId).toMatch(new RegExp(`^did:web:herald\\.test:wallets:${wallet.id}#[\\w-]{43}$`));

    const { key } = await resolveKey(keyId);
    expect(await verifiesWith(req!, key)).toBe(true);
    // A body changed by one character no longer verifies.
    const tampered = req!.body.replace("o-1", "o-2");
    expect(tampered).not.toBe(req!.body);
    expect(await verifiesWith(req!, key, tampered)).toBe(false);
    // Nor does the right body under another timestamp.
    const replayed = { ...req!, headers: { ...req!.headers, "webhook-timestamp": "1" } };
    expect(await verifiesWith(replayed, key)).toBe(false);
    expect(() => new Webhook(hook.secret).verify(req!.body, req!.headers)).toThrow();
  });

  it('signs with both schemes under "both": v1 verifies with the secret, v1a with the DID key', async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, signature: "both" });
    await send(wallet.apiKey, 1);
    const [req] = await receiver.waitFor(1);
    const entries = req!.headers["webhook-signature"]!.split(" ");
    expect(entries.map((e) => e.split(",")[0])).toEqual(["v1", "v1a"]);
    expect(new Webhook(hook.secret).verify(req!.body, req!.headers)).toMatchObject({
      data: { offerId: "o-1" },
    });
    const { key } = await resolveKey(req!.headers["webhook-key-id"]!);
    expect(await verifiesWith(req!, key)).toBe(true);
  });

  it("keeps HMAC alone by default: no v1a entry, no webhook-key-id", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    expect(hook.signature).toBe("hmac");
    await send(wallet.apiKey, 1);
    const [req] = await receiver.waitFor(1);
    expect(req!.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(req!.headers["webhook-key-id"]).toBeUndefined();
    expect(v1aSignatures(req!)).toEqual([]);
  });

  it("switches an existing webhook to ed25519 with a PATCH", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const patched = await callJson(`/v1/webhooks/${hook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { signature: "ed25519" },
    });
    expect(patched.body.signature).toBe("ed25519");
    await send(wallet.apiKey, 1);
    const [req] = await receiver.waitFor(1);
    const { key } = await resolveKey(req!.headers["webhook-key-id"]!);
    expect(await verifiesWith(req!, key)).toBe(true);
  });

  it("signs a global webhook's deliveries with the key of the event's wallet", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const global = await newWebhook(ADMIN_KEY, { url: receiver.url, signature: "ed25519" });
    await send(wallet.apiKey, 1);
    const req = (await receiver.waitFor(1)).find((r) => r.body.includes(wallet.id));
    try {
      expect(req!.headers["webhook-key-id"]).toContain(`:wallets:${wallet.id}#`);
      const { key } = await resolveKey(req!.headers["webhook-key-id"]!);
      expect(await verifiesWith(req!, key)).toBe(true);
    } finally {
      // Global webhooks receive every wallet's events: this one must not outlive the test.
      await call(`/v1/webhooks/${global.id}`, { method: "DELETE" });
    }
  });
});

describe("a key rotation, seen by a receiver", () => {
  it("signs with both keys for the overlap, then with the new key only", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, signature: "ed25519" });
    const did = `did:web:herald.test:wallets:${wallet.id}`;

    await send(wallet.apiKey, 1);
    const [before] = await receiver.waitFor(1);
    const oldKey = await resolveKey(before!.headers["webhook-key-id"]!);
    expect(await verifiesWith(before!, oldKey.key)).toBe(true);

    const rotated = await callJson("/v1/signing-keys/rotate", {
      method: "POST",
      key: wallet.apiKey,
    });
    expect(rotated.status).toBe(200);
    const newKeyId = rotated.body.keys[0].keyId as string;
    expect(newKeyId).not.toBe(oldKey.method.id);

    // During the overlap: two v1a signatures, the header names the new key, both keys verify.
    await send(wallet.apiKey, 2);
    const during = (await receiver.waitFor(2))[1]!;
    expect(v1aSignatures(during)).toHaveLength(2);
    expect(during.headers["webhook-key-id"]).toBe(newKeyId);
    const document = await resolveDid(did);
    expect(document.verificationMethod.map((m: any) => m.id)).toEqual(
      expect.arrayContaining([newKeyId, oldKey.method.id]),
    );
    const newKey = await resolveKey(newKeyId);
    expect(await verifiesWith(during, newKey.key)).toBe(true);
    expect(await verifiesWith(during, oldKey.key)).toBe(true);
    expect(await verifiesWith(during, newKey.key, `${during.body} `)).toBe(false);

    // A day later: the old key has left the DID document and signs no more.
    await endRotationOverlap(wallet.id);
    // Any change notice makes the webhook's object reload its settings and keys at once.
    await callJson(`/v1/webhooks/${hook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { description: "after the overlap" },
    });
    await send(wallet.apiKey, 3);
    const after = (await receiver.waitFor(3))[2]!;
    expect(v1aSignatures(after)).toHaveLength(1);
    expect(after.headers["webhook-key-id"]).toBe(newKeyId);
    const later = await resolveDid(did);
    expect(later.verificationMethod.map((m: any) => m.id)).not.toContain(oldKey.method.id);
    expect(later.verificationMethod).toHaveLength(2);
    expect(await verifiesWith(after, newKey.key)).toBe(true);
    expect(await verifiesWith(after, oldKey.key)).toBe(false);
  });
});
