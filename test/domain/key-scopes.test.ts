import { describe, expect, it } from "vitest";
import { requiredScope, scopeAllows } from "../../src/domain/key-scopes";

describe("the scope a request needs", () => {
  it("is ingest for posting events and agent ingest only", () => {
    expect(requiredScope("POST", "/v1/events")).toBe("ingest");
    expect(requiredScope("POST", "/v1/events/batch")).toBe("ingest");
    expect(requiredScope("POST", "/v1/ingest/acapy/topic/connections/")).toBe("ingest");
    expect(requiredScope("POST", "/v1/events/stream")).toBe("manage");
    expect(requiredScope("POST", "/v1/eventsx")).toBe("manage");
  });

  it("is read for GET and HEAD, except reading a secret", () => {
    expect(requiredScope("GET", "/v1/webhooks/abc")).toBe("read");
    expect(requiredScope("head", "/v1/events")).toBe("read");
    expect(requiredScope("GET", "/v1/webhooks/abc/secret")).toBe("manage");
    expect(requiredScope("GET", "/v1/webhooks/abc/secret/")).toBe("manage");
  });

  it("is manage for anything else, including routes that do not exist yet", () => {
    expect(requiredScope("PATCH", "/v1/wallets/x")).toBe("manage");
    expect(requiredScope("PUT", "/v1/something-new")).toBe("manage");
    expect(requiredScope("DELETE", "/v1/events/x")).toBe("manage");
  });

  it("lets manage do everything and the others only their own", () => {
    expect(scopeAllows(["manage"], "ingest")).toBe(true);
    expect(scopeAllows(["manage"], "read")).toBe(true);
    expect(scopeAllows(["read"], "ingest")).toBe(false);
    expect(scopeAllows(["ingest"], "read")).toBe(false);
    expect(scopeAllows(["ingest", "read"], "read")).toBe(true);
    expect(scopeAllows(["ingest", "read"], "manage")).toBe(false);
  });
});
