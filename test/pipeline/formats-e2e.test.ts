import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { deliveriesOf, eventually, storedEvent } from "../helpers/delivery-log";
import { newReceiver, type Received } from "../helpers/receiver";

// Every format gets the same custom headers: one plain, one stored encrypted (its name says "token").
const CUSTOM_HEADERS = { "X-Tenant-Ref": "tenant-42", "X-Partner-Token": "partner-secret" };

async function postEvent(apiKey: string, event: Record<string, unknown>): Promise<string> {
  const { status, body } = await callJson("/v1/events", { key: apiKey, body: event });
  expect(status).toBe(202);
  return body.id as string;
}

/** The Standard Webhooks check a receiver runs, with the official package. */
function verifyStandard(secret: string, req: Received): unknown {
  return new Webhook(secret).verify(req.body, req.headers);
}

/** Checks an X-iGrant-Signature the way iGrant's Go example does, written here from scratch. */
async function igrantSignatureMatches(
  header: string | undefined,
  body: string,
  secret: string,
): Promise<boolean> {
  const parsed = /^t=([^,]+),sig=([0-9a-f]{64})$/.exec(header ?? "");
  if (!parsed) return false;
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(`${parsed[1]}.${body}`)),
  );
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("") === parsed[2];
}

/** What every format's request carries: POST, JSON, Herald's User-Agent, the custom headers, a valid Standard Webhooks signature. */
async function expectCommonHeaders(
  req: Received,
  secret: string,
  walletId: string,
  eventId: string,
): Promise<void> {
  expect(req.method).toBe("POST");
  expect(req.headers["content-type"]).toBe("application/json");
  expect(req.headers["user-agent"]).toMatch(/^Herald[\w-]*\/\d+\.\d+\.\d+/);
  // Derived from (wallet, event), so two wallets' events never share one; the body keeps the id.
  expect(req.headers["webhook-id"]).toBe(await webhookMessageId(walletId, eventId));
  expect(Math.abs(Number(req.headers["webhook-timestamp"]) - req.at / 1000)).toBeLessThan(5);
  expect(req.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  expect(req.headers["x-tenant-ref"]).toBe("tenant-42");
  expect(req.headers["x-partner-token"]).toBe("partner-secret");
  expect(() => verifyStandard(secret, req)).not.toThrow();
}

const receiverPath = (url: string) => new URL(url).pathname;

describe("delivery formats, as receivers of each agent see them", () => {
  it("sends the standard body {id, type, timestamp, walletId, data} with both the bearer token and the API key", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "standard",
      bearerToken: "std-bearer",
      apiKey: "std-api-key",
      customHeaders: CUSTOM_HEADERS,
    });
    const data = {
      offerId: "offer-123",
      credentialConfigurationIds: ["identity_credential"],
      nested: { n: 1, ok: true, none: null },
    };
    const id = await postEvent(wallet.apiKey, { type: "openid.credential.offer_sent", data });

    const [req] = await receiver.waitFor(1);
    const { created_at } = await storedEvent(wallet.id, id);
    expect(req!.body).toBe(
      JSON.stringify({
        id,
        type: "openid.credential.offer_sent",
        timestamp: created_at,
        walletId: wallet.id,
        data,
      }),
    );
    expect(req!.path).toBe(receiverPath(receiver.url));
    expect(req!.headers.authorization).toBe("Bearer std-bearer");
    expect(req!.headers["x-api-key"]).toBe("std-api-key");
    expect(req!.headers["x-igrant-signature"]).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("sends Identus' {id, ts, type, data, walletId} with the bearer token and no X-API-Key", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "identus",
      bearerToken: "identus-bearer",
      apiKey: "not-for-identus",
      customHeaders: CUSTOM_HEADERS,
    });
    // The seed's ConnectionUpdated example.
    const data = {
      connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      label: "Connect with Alice",
      role: "Inviter",
      state: "InvitationGenerated",
      invitation: {
        id: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
        type: "https://didcomm.org/out-of-band/2.0/invitation",
        from: "did:peer:2.Ez6LS...jIiXX0",
        invitationUrl: "https://my.domain.com/path?_oob=eyJpZCI6...bXX19",
      },
      createdAt: "2023-07-06T12:01:19.760126Z",
      self: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      kind: "Connection",
    };
    const id = await postEvent(wallet.apiKey, { type: "ConnectionUpdated", data });

    const [req] = await receiver.waitFor(1);
    const { created_at } = await storedEvent(wallet.id, id);
    expect(req!.body).toBe(
      JSON.stringify({ id, ts: created_at, type: "ConnectionUpdated", data, walletId: wallet.id }),
    );
    expect(req!.headers.authorization).toBe("Bearer identus-bearer");
    expect(req!.headers["x-api-key"]).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("sends walt.id's {id: subject, type, timestamp: unix ms, data} with the bearer token and no X-API-Key", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "waltid",
      bearerToken: "profile-secret-token",
      apiKey: "not-for-waltid",
      customHeaders: CUSTOM_HEADERS,
    });
    const data = {
      credentialOffer: {
        credential_issuer: "https://issuer.example.com",
        credential_configuration_ids: ["identity_credential_vc+sd-jwt"],
      },
    };
    const id = await postEvent(wallet.apiKey, {
      type: "resolved_credential_offer",
      subject: "offer-id-123",
      data,
    });

    const [req] = await receiver.waitFor(1);
    const { created_at } = await storedEvent(wallet.id, id);
    expect(req!.body).toBe(
      JSON.stringify({
        id: "offer-id-123",
        type: "resolved_credential_offer",
        timestamp: Date.parse(created_at),
        data,
      }),
    );
    expect(req!.headers.authorization).toBe("Bearer profile-secret-token");
    expect(req!.headers["x-api-key"]).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("uses the event id as walt.id's id when the event names no subject", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "waltid",
      customHeaders: CUSTOM_HEADERS,
    });
    const data = { sdjwt: "eyJ..." };
    const id = await postEvent(wallet.apiKey, { type: "sdjwt_issue", data });

    const [req] = await receiver.waitFor(1);
    const { created_at } = await storedEvent(wallet.id, id);
    expect(req!.body).toBe(
      JSON.stringify({ id, type: "sdjwt_issue", timestamp: Date.parse(created_at), data }),
    );
    expect(req!.headers.authorization).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("sends Proven's {event, webhook: {...data, wallet_id}} with X-API-Key and no Authorization", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "proven",
      apiKey: "24680AEIOUY",
      bearerToken: "not-for-proven",
      customHeaders: CUSTOM_HEADERS,
    });
    // The seed's credentials:done example; its wallet_id is another agent's and must give way to Herald's, in place.
    const data = {
      state: "done",
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      thread_id: "d92933ef-74d8-4e53-9d4a-6526feb991c5",
      wallet_id: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
      role: "issuer",
      initiator: "self",
      created_at: "2025-03-13T22:14:41.138935Z",
      updated_at: "2025-03-13T22:15:02.479961Z",
      credential_id: null,
    };
    const id = await postEvent(wallet.apiKey, { type: "credentials:done", data });

    const [req] = await receiver.waitFor(1);
    expect(req!.body).toBe(
      JSON.stringify({ event: "credentials:done", webhook: { ...data, wallet_id: wallet.id } }),
    );
    expect(Object.keys(JSON.parse(req!.body).webhook)).toEqual(Object.keys(data));
    expect(req!.headers["x-api-key"]).toBe("24680AEIOUY");
    expect(req!.headers.authorization).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("posts ACA-Py's data as is to {url}/topic/{type}/ with X-API-Key and X-Wallet-Id", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "acapy",
      apiKey: "acapy-admin-key",
      bearerToken: "not-for-acapy",
      customHeaders: CUSTOM_HEADERS,
    });
    const data = {
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      state: "active",
      rfc23_state: "completed",
      their_label: "Alice",
      invitation_key: "2St9MAnpToLcnUxhfskNBYgNxzS4vzAy42kSWPF8AY9e",
    };
    const id = await postEvent(wallet.apiKey, { type: "connections", data });

    const [req] = await receiver.waitFor(1);
    expect(req!.body).toBe(JSON.stringify(data));
    expect(req!.path).toBe(`${receiverPath(receiver.url)}/topic/connections/`);
    expect(req!.headers["x-api-key"]).toBe("acapy-admin-key");
    expect(req!.headers["x-wallet-id"]).toBe(wallet.id);
    expect(req!.headers.authorization).toBeUndefined();
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("takes ACA-Py's url#apikey form: the key arrives as X-API-Key and the fragment never reaches the path or the stored URL", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: `${receiver.url}#fragment-api-key`,
      format: "acapy",
      customHeaders: CUSTOM_HEADERS,
    });
    expect(hook.url).toBe(receiver.url);
    expect(hook.apiKey).not.toBe("fragment-api-key");
    const id = await postEvent(wallet.apiKey, {
      type: "issue_credential_v2_0",
      data: { cred_ex_id: "794657e2", state: "offer-sent" },
    });

    const [req] = await receiver.waitFor(1);
    expect(req!.path).toBe(`${receiverPath(receiver.url)}/topic/issue_credential_v2_0/`);
    expect(req!.path).not.toMatch(/fragment-api-key|#|%23/);
    expect(req!.headers["x-api-key"]).toBe("fragment-api-key");
    expect(req!.headers["x-wallet-id"]).toBe(wallet.id);
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("sends iGrant's {deliveryID, webhookID, timestamp, type, data} with an X-iGrant-Signature that an independent check accepts", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "igrant",
      bearerToken: "not-for-igrant",
      apiKey: "not-for-igrant-either",
      customHeaders: CUSTOM_HEADERS,
    });
    // The seed's issuance example.
    const data = {
      credential: {
        CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0",
        credentialDefinitionId: "a79fb535-5e17-4571-928a-7b30011e4fa8",
        walletUnitAttestationVerified: false,
      },
      organisationId: "64ec561de2f6a8000142c671",
    };
    const id = await postEvent(wallet.apiKey, { type: "openid.credential.offer_sent", data });

    const [req] = await receiver.waitFor(1);
    const { created_at } = await storedEvent(wallet.id, id);
    const delivery = await eventually(
      "the delivery to be mirrored",
      async () => (await deliveriesOf(hook.id))[0],
    );
    const wholeSeconds = `${created_at.slice(0, 19)}Z`;
    expect(req!.body).toBe(
      JSON.stringify({
        deliveryID: delivery.id,
        webhookID: hook.id,
        timestamp: wholeSeconds,
        type: "openid.credential.offer_sent",
        data,
      }),
    );
    expect(req!.headers.authorization).toBeUndefined();
    expect(req!.headers["x-api-key"]).toBeUndefined();

    const signature = req!.headers["x-igrant-signature"];
    expect(signature).toMatch(/^t=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,sig=[0-9a-f]{64}$/);
    const signedAt = Date.parse(/^t=([^,]+)/.exec(signature!)![1]!);
    expect(Math.abs(signedAt - req!.at)).toBeLessThan(5_000);
    expect(await igrantSignatureMatches(signature, req!.body, hook.secret)).toBe(true);
    expect(await igrantSignatureMatches(signature, `${req!.body} `, hook.secret)).toBe(false);
    expect(await igrantSignatureMatches(signature, req!.body, `${hook.secret}x`)).toBe(false);
    await expectCommonHeaders(req!, hook.secret, wallet.id, id);
  });

  it("never lets a custom Authorization or X-API-Key header replace the webhook's own credentials", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "standard",
      bearerToken: "real-bearer",
      apiKey: "real-api-key",
      customHeaders: {
        authorization: "Bearer forged",
        "x-api-key": "forged-key",
        "X-Tenant-Ref": "tenant-42",
      },
    });
    const id = await postEvent(wallet.apiKey, {
      type: "openid.credential.offer_sent",
      data: { offerId: "o-1" },
    });

    const [req] = await receiver.waitFor(1);
    expect(req!.headers.authorization).toBe("Bearer real-bearer");
    expect(req!.headers["x-api-key"]).toBe("real-api-key");
    expect(req!.headers["x-tenant-ref"]).toBe("tenant-42");
    expect(req!.headers["webhook-id"]).toBe(await webhookMessageId(wallet.id, id));
    expect(() => verifyStandard(hook.secret, req!)).not.toThrow();
  });

  it("signs with both the new and the old secret after a rotation, and each verifies on its own", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const oldSecret = hook.secret as string;
    const rotated = await callJson(`/v1/webhooks/${hook.id}/secret/rotate`, {
      key: wallet.apiKey,
      method: "POST",
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(
      (await callJson(`/v1/webhooks/${hook.id}/secret`, { key: wallet.apiKey })).body.secret,
    ).toBe(newSecret);

    const id = await postEvent(wallet.apiKey, {
      type: "openid.credential.offer_sent",
      data: { offerId: "o-rotated" },
    });
    const [req] = await receiver.waitFor(1);
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifyStandard(newSecret, req!)).toMatchObject({ id, data: { offerId: "o-rotated" } });
    expect(verifyStandard(oldSecret, req!)).toMatchObject({ id, data: { offerId: "o-rotated" } });
    const stranger = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    expect(() => verifyStandard(stranger, req!)).toThrow();
  });
});

describe("a delivery keeps its format", () => {
  it("retries with the same body and that body's own headers after the webhook switches format", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }]);
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "standard",
      bearerToken: "std-bearer",
      retry: { schedule: [2] },
    });
    await postEvent(wallet.apiKey, {
      type: "openid.credential.offer_sent",
      data: { offerId: "o-switch" },
    });
    await receiver.waitFor(1);
    const patched = await callJson(`/v1/webhooks/${hook.id}`, {
      key: wallet.apiKey,
      method: "PATCH",
      body: { format: "igrant" },
    });
    expect(patched.body.format).toBe("igrant");

    const [first, second] = await receiver.waitFor(2);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(second!.body)).toHaveProperty("walletId", wallet.id);
    expect(second!.headers.authorization).toBe("Bearer std-bearer");
    expect(second!.headers["x-igrant-signature"]).toBeUndefined();
    expect(() => verifyStandard(hook.secret, second!)).not.toThrow();
  });
});
