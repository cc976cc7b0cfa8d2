import { describe, expect, it } from "vitest";
import {
  channelSchema,
  eventTypePatternSchema,
  eventTypeSchema,
  matchesChannels,
  matchesEventType,
} from "../../src/domain/event-type-pattern";

describe("matchesEventType", () => {
  it("selects every type when the webhook lists no patterns", () => {
    expect(matchesEventType([], "anything.at.all")).toBe(true);
  });

  it("selects every type with a lone *", () => {
    expect(matchesEventType(["*"], "connection:completed")).toBe(true);
    expect(matchesEventType(["*"], "issue_credential_v2_0")).toBe(true);
  });

  it("selects an exact name and nothing else", () => {
    expect(matchesEventType(["issue_credential_v2_0"], "issue_credential_v2_0")).toBe(true);
    expect(matchesEventType(["issue_credential_v2_0"], "issue_credential_v2_0_indy")).toBe(false);
    expect(matchesEventType(["issue_credential_v2_0"], "issue_credential")).toBe(false);
  });

  it("matches names case-sensitively", () => {
    expect(matchesEventType(["Connection:Completed"], "connection:completed")).toBe(false);
    expect(matchesEventType(["OpenID.*"], "openid.credential.offer_sent")).toBe(false);
  });

  it("lets openid.credential.* select any type under openid.credential.", () => {
    expect(matchesEventType(["openid.credential.*"], "openid.credential.offer_sent")).toBe(true);
    expect(matchesEventType(["openid.credential.*"], "openid.credential.issued.v3")).toBe(true);
  });

  it("keeps openid.credential.* from selecting a type that only shares the letters", () => {
    expect(matchesEventType(["openid.credential.*"], "openid.credentialx.y")).toBe(false);
    expect(matchesEventType(["openid.credential.*"], "openid.credentials")).toBe(false);
  });

  it("keeps openid.credential.* from selecting openid.credential itself", () => {
    expect(matchesEventType(["openid.credential.*"], "openid.credential")).toBe(false);
    expect(matchesEventType(["openid.credential.*"], "openid.credential.")).toBe(false);
  });

  it("treats the dots in a prefix literally, not as regular-expression wildcards", () => {
    expect(matchesEventType(["openid.credential.*"], "openidXcredential.offer_sent")).toBe(false);
  });

  it("treats * anywhere but the end as no wildcard at all", () => {
    expect(matchesEventType(["openid.*.offer_sent"], "openid.credential.offer_sent")).toBe(false);
  });

  it("selects a type when any one of several patterns does", () => {
    const patterns = ["connection:completed", "openid.presentation.*"];
    expect(matchesEventType(patterns, "openid.presentation.request_sent.v3")).toBe(true);
    expect(matchesEventType(patterns, "connection:completed")).toBe(true);
    expect(matchesEventType(patterns, "connection:invited")).toBe(false);
  });
});

describe("matchesChannels", () => {
  it("lets a webhook with no channels take every event", () => {
    expect(matchesChannels([], [])).toBe(true);
    expect(matchesChannels([], ["eu", "billing"])).toBe(true);
  });

  it("sends an event with no channels only to webhooks with no channels", () => {
    expect(matchesChannels(["eu"], [])).toBe(false);
  });

  it("sends an event to a webhook sharing at least one channel", () => {
    expect(matchesChannels(["eu", "us"], ["us"])).toBe(true);
    expect(matchesChannels(["eu"], ["billing", "eu"])).toBe(true);
  });

  it("withholds an event from a webhook sharing no channel", () => {
    expect(matchesChannels(["eu"], ["us", "apac"])).toBe(false);
  });

  it("compares channel names case-sensitively", () => {
    expect(matchesChannels(["EU"], ["eu"])).toBe(false);
  });
});

describe("eventTypePatternSchema", () => {
  it.each([
    "*",
    "issue_credential_v2_0",
    "connection:completed",
    "openid.presentation.request_sent.v3",
    "openid.credential.*",
    "openid.*",
    "present_proof_v2_0",
    "tenant/acme.created",
    "herald.delivery.exhausted",
    "a",
    "a".repeat(200),
    `${"a".repeat(198)}.*`,
  ])("accepts %s", (pattern) => {
    expect(eventTypePatternSchema.safeParse(pattern).success).toBe(true);
  });

  it.each([
    "",
    ".*",
    "**",
    "openid.*.offer",
    "openid*",
    "openid.**",
    "connection:*.*",
    "connection:*",
    "has space",
    "emoji.\u{1f600}",
    "semi;colon",
    "a".repeat(201),
    `${"a".repeat(199)}.*`,
  ])("refuses %s", (pattern) => {
    const result = eventTypePatternSchema.safeParse(pattern);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/event type pattern/);
  });
});

describe("eventTypeSchema", () => {
  it.each([
    "issue_credential_v2_0",
    "connection:completed",
    "openid.presentation.request_sent.v3",
    "CredentialOfferResolved",
  ])("accepts the agent type %s", (type) => {
    expect(eventTypeSchema.safeParse(type).success).toBe(true);
  });

  it.each(["", "*", "openid.credential.*", "a b", "a".repeat(201)])(
    "refuses %s as a concrete type",
    (type) => {
      expect(eventTypeSchema.safeParse(type).success).toBe(false);
    },
  );
});

describe("channelSchema", () => {
  it.each(["eu", "tenant-42", "org:acme", "region.eu_west", "a".repeat(128)])(
    "accepts %s",
    (channel) => {
      expect(channelSchema.safeParse(channel).success).toBe(true);
    },
  );

  it.each(["", "a".repeat(129), "with space", "a/b", "*", "caf\u00e9", "semi;colon"])(
    "refuses %s",
    (channel) => {
      const result = channelSchema.safeParse(channel);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/channel/);
    },
  );
});
