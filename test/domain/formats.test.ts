import { describe, expect, it } from "vitest";
import {
  buildDelivery,
  type DeliveryEvent,
  type DeliveryTarget,
  FORMATS,
  type Format,
  isFormat,
} from "../../src/domain/formats";

const WALLET = "00000000-0000-0000-0000-000000000000";

function target(format: Format, extra: Partial<DeliveryTarget> = {}): DeliveryTarget {
  return {
    webhookId: "67f770936e45cf84e6880d25",
    deliveryId: "67f770eec8426b0b55e30c2e",
    url: "https://receiver.example/hook",
    format,
    ...extra,
  };
}

function event(extra: Partial<DeliveryEvent> = {}): DeliveryEvent {
  return {
    id: "cb8d4e96-30f0-4892-863f-44d49d634211",
    walletId: WALLET,
    type: "ConnectionUpdated",
    data: { connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673", state: "InvitationGenerated" },
    createdAt: "2023-07-06T12:01:19.769Z",
    ...extra,
  };
}

// Seeds print payloads pretty; receivers get them compact.
const compact = (json: string) => JSON.stringify(JSON.parse(json));

describe("standard format", () => {
  it("sends {id, type, timestamp, walletId, data} in that order", () => {
    const built = buildDelivery(event(), target("standard"));
    expect(built.url).toBe("https://receiver.example/hook");
    expect(built.body).toBe(
      '{"id":"cb8d4e96-30f0-4892-863f-44d49d634211","type":"ConnectionUpdated","timestamp":"2023-07-06T12:01:19.769Z",' +
        '"walletId":"00000000-0000-0000-0000-000000000000",' +
        '"data":{"connectionId":"c10787cf-99bb-47f4-99bb-1fdcca32b673","state":"InvitationGenerated"}}',
    );
    expect(built.headers).toEqual({});
  });

  it("adds Authorization and X-API-Key only when they are set", () => {
    const both = buildDelivery(event(), target("standard", { bearerToken: "tok", apiKey: "key" }));
    expect(both.headers).toEqual({ Authorization: "Bearer tok", "X-API-Key": "key" });
    const bearerOnly = buildDelivery(
      event(),
      target("standard", { bearerToken: "tok", apiKey: null }),
    );
    expect(bearerOnly.headers).toEqual({ Authorization: "Bearer tok" });
    const emptyValues = buildDelivery(event(), target("standard", { bearerToken: "", apiKey: "" }));
    expect(emptyValues.headers).toEqual({});
  });
});

describe("identus format", () => {
  const seed = `{
    "id": "cb8d4e96-30f0-4892-863f-44d49d634211",
    "ts": "2023-07-06T12:01:19.769427Z",
    "type": "ConnectionUpdated",
    "data": {
      "connectionId": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      "label": "Connect with Alice",
      "role": "Inviter",
      "state": "InvitationGenerated",
      "invitation": {
        "id": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
        "type": "https://didcomm.org/out-of-band/2.0/invitation",
        "from": "did:peer:2.Ez6LS...jIiXX0",
        "invitationUrl": "https://my.domain.com/path?_oob=eyJpZCI6...bXX19"
      },
      "createdAt": "2023-07-06T12:01:19.760126Z",
      "self": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      "kind": "Connection"
    },
    "walletId": "00000000-0000-0000-0000-000000000000"
  }`;

  it("reproduces the seed's ConnectionUpdated notification byte for byte", () => {
    const parsed = JSON.parse(seed) as { data: Record<string, unknown>; ts: string };
    const built = buildDelivery(
      event({ data: parsed.data, createdAt: parsed.ts }),
      target("identus"),
    );
    expect(built.body).toBe(compact(seed));
    expect(built.url).toBe("https://receiver.example/hook");
    expect(built.headers).toEqual({});
  });

  it("sends ts as Herald's createdAt with milliseconds", () => {
    const body = JSON.parse(buildDelivery(event(), target("identus")).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(body)).toEqual(["id", "ts", "type", "data", "walletId"]);
    expect(body.ts).toBe("2023-07-06T12:01:19.769Z");
  });

  it("sends the bearer token as Authorization and never an X-API-Key", () => {
    const built = buildDelivery(
      event(),
      target("identus", { bearerToken: "global-key", apiKey: "ignored" }),
    );
    expect(built.headers).toEqual({ Authorization: "Bearer global-key" });
  });
});

describe("waltid format", () => {
  const seed = `{
    "id": "offer-id-123",
    "type": "resolved_credential_offer",
    "timestamp": 1704067200000,
    "data": { "credentialOffer": { "credential_issuer": "https://issuer.example" } }
  }`;
  const waltEvent = (extra: Partial<DeliveryEvent> = {}) =>
    event({
      type: "resolved_credential_offer",
      subject: "offer-id-123",
      data: { credentialOffer: { credential_issuer: "https://issuer.example" } },
      createdAt: "2024-01-01T00:00:00.000Z",
      ...extra,
    });

  it("reproduces the seed's resolved_credential_offer notification with the offer id and a unix-ms timestamp", () => {
    expect(buildDelivery(waltEvent(), target("waltid")).body).toBe(compact(seed));
  });

  it("keeps milliseconds in the numeric timestamp", () => {
    const body = JSON.parse(
      buildDelivery(waltEvent({ createdAt: "2024-01-01T00:00:10.250Z" }), target("waltid")).body,
    );
    expect(body.timestamp).toBe(1704067210250);
  });

  it("falls back to the event id when the event has no subject", () => {
    for (const subject of [null, undefined]) {
      const body = JSON.parse(buildDelivery(waltEvent({ subject }), target("waltid")).body);
      expect(body.id).toBe("cb8d4e96-30f0-4892-863f-44d49d634211");
    }
  });

  it("sends the bearer token as Authorization when set, nothing otherwise", () => {
    expect(
      buildDelivery(waltEvent(), target("waltid", { bearerToken: "offer-specific-token" })).headers,
    ).toEqual({
      Authorization: "Bearer offer-specific-token",
    });
    expect(buildDelivery(waltEvent(), target("waltid", { apiKey: "k" })).headers).toEqual({});
  });

  it("refuses an event whose createdAt is not a date", () => {
    expect(() => buildDelivery(waltEvent({ createdAt: "yesterday" }), target("waltid"))).toThrow(
      RangeError,
    );
  });
});

describe("proven format", () => {
  const seed = `{
    "event": "credentials:done",
    "webhook": {
      "state": "done",
      "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
      "thread_id": "d92933ef-74d8-4e53-9d4a-6526feb991c5",
      "wallet_id": "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
      "role": "issuer",
      "initiator": "self",
      "created_at": "2025-03-13T22:14:41.138935Z",
      "updated_at": "2025-03-13T22:15:02.479961Z",
      "credential_id": null
    }
  }`;
  const parsed = JSON.parse(seed) as { webhook: Record<string, unknown> };
  const provenEvent = (data: Record<string, unknown>) =>
    event({ type: "credentials:done", walletId: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f", data });

  it("reproduces the seed's credentials:done notification byte for byte", () => {
    expect(buildDelivery(provenEvent(parsed.webhook), target("proven")).body).toBe(compact(seed));
  });

  it("appends wallet_id when data has none", () => {
    const { wallet_id: _omitted, ...withoutWallet } = parsed.webhook;
    const body = JSON.parse(buildDelivery(provenEvent(withoutWallet), target("proven")).body);
    expect(Object.keys(body.webhook).at(-1)).toBe("wallet_id");
    expect(body.webhook.wallet_id).toBe("f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f");
  });

  it("overrides a wallet_id in data with the event's wallet", () => {
    const body = JSON.parse(
      buildDelivery(provenEvent({ wallet_id: "spoofed", state: "done" }), target("proven")).body,
    );
    expect(body.webhook).toEqual({
      wallet_id: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
      state: "done",
    });
  });

  it("sends X-API-Key when set and never a bearer token", () => {
    const withKey = buildDelivery(
      provenEvent({}),
      target("proven", { apiKey: "24680AEIOUY", bearerToken: "tok" }),
    );
    expect(withKey.headers).toEqual({ "X-API-Key": "24680AEIOUY" });
    expect(buildDelivery(provenEvent({}), target("proven")).headers).toEqual({});
  });
});

describe("acapy format", () => {
  const data = {
    connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
    state: "active",
    rfc23_state: "completed",
  };
  const acapyEvent = event({
    type: "connections",
    data,
    walletId: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
  });

  it("posts data as is to {url}/topic/{type}/ with X-Wallet-Id", () => {
    const built = buildDelivery(
      acapyEvent,
      target("acapy", { url: "https://controller.example/webhooks" }),
    );
    expect(built.url).toBe("https://controller.example/webhooks/topic/connections/");
    expect(built.body).toBe(JSON.stringify(data));
    expect(built.headers).toEqual({ "X-Wallet-Id": "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f" });
  });

  it("does not double the slash when the url ends with one or more", () => {
    for (const url of [
      "https://controller.example/webhooks/",
      "https://controller.example/webhooks//",
    ]) {
      expect(buildDelivery(acapyEvent, target("acapy", { url })).url).toBe(
        "https://controller.example/webhooks/topic/connections/",
      );
    }
    expect(
      buildDelivery(acapyEvent, target("acapy", { url: "https://controller.example" })).url,
    ).toBe("https://controller.example/topic/connections/");
  });

  it("keeps a query string after the topic path", () => {
    const built = buildDelivery(
      acapyEvent,
      target("acapy", { url: "https://controller.example/hook/?tenant=a&x=1" }),
    );
    expect(built.url).toBe("https://controller.example/hook/topic/connections/?tenant=a&x=1");
  });

  it("encodes a topic so it stays one path segment", () => {
    const built = buildDelivery(event({ type: "a/b?c" }), target("acapy"));
    expect(built.url).toBe("https://receiver.example/hook/topic/a%2Fb%3Fc/");
  });

  it("adds X-API-Key when set and never a bearer token", () => {
    const built = buildDelivery(
      acapyEvent,
      target("acapy", { apiKey: "fragment-key", bearerToken: "tok" }),
    );
    expect(built.headers).toEqual({
      "X-Wallet-Id": "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
      "X-API-Key": "fragment-key",
    });
  });
});

describe("igrant format", () => {
  const issuanceSeed = `{
    "deliveryID": "67f770eec8426b0b55e30c2e",
    "webhookID": "67f770936e45cf84e6880d25",
    "timestamp": "2025-04-10T07:19:10Z",
    "data": {
      "credential": {
        "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
        "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
        "walletUnitAttestationVerified": false
      },
      "organisationId": "64ec561de2f6a8000142c671"
    },
    "type": "openid.credential.offer_sent"
  }`;
  const seed = JSON.parse(issuanceSeed) as { data: Record<string, unknown>; type: string };
  const igrantEvent = event({
    type: seed.type,
    data: seed.data,
    createdAt: "2025-04-10T07:19:10.482Z",
  });

  it("carries the seed's issuance fields, timestamp in whole seconds", () => {
    const built = buildDelivery(igrantEvent, target("igrant"));
    expect(JSON.parse(built.body)).toEqual(JSON.parse(issuanceSeed));
    expect(built.url).toBe("https://receiver.example/hook");
  });

  it("orders the body as the documented common fields: deliveryID, webhookID, timestamp, type, data", () => {
    expect(buildDelivery(igrantEvent, target("igrant")).body).toBe(
      '{"deliveryID":"67f770eec8426b0b55e30c2e","webhookID":"67f770936e45cf84e6880d25","timestamp":"2025-04-10T07:19:10Z",' +
        `"type":"openid.credential.offer_sent","data":${JSON.stringify(seed.data)}}`,
    );
  });

  it("adds no headers of its own, whatever credentials the webhook has", () => {
    expect(
      buildDelivery(igrantEvent, target("igrant", { bearerToken: "t", apiKey: "k" })).headers,
    ).toEqual({});
  });
});

describe("buildDelivery", () => {
  it("builds every format, and the same input always gives the same bytes", () => {
    for (const format of FORMATS) {
      const a = buildDelivery(
        event({ subject: "s" }),
        target(format, { bearerToken: "t", apiKey: "k" }),
      );
      const b = buildDelivery(
        event({ subject: "s" }),
        target(format, { bearerToken: "t", apiKey: "k" }),
      );
      expect(a).toEqual(b);
      expect(() => JSON.parse(a.body)).not.toThrow();
    }
  });

  it("never sets content type, signature or user agent headers", () => {
    for (const format of FORMATS) {
      const names = Object.keys(
        buildDelivery(event(), target(format, { bearerToken: "t", apiKey: "k" })).headers,
      );
      for (const name of names)
        expect(name.toLowerCase()).toMatch(/^(authorization|x-api-key|x-wallet-id)$/);
    }
  });

  it("recognises exactly the six format names", () => {
    expect(FORMATS).toEqual(["standard", "identus", "waltid", "proven", "acapy", "igrant"]);
    for (const format of FORMATS) expect(isFormat(format)).toBe(true);
    for (const other of ["Standard", "svix", "", null, 1]) expect(isFormat(other)).toBe(false);
  });
});
