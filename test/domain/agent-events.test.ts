import { describe, expect, it } from "vitest";
import { acapySubject, fromAcapy } from "../../src/domain/agent-events/acapy";
import { fromIdentus } from "../../src/domain/agent-events/identus";
import { fromIgrant } from "../../src/domain/agent-events/igrant";
import { fromProven } from "../../src/domain/agent-events/proven";
import { fromWaltid } from "../../src/domain/agent-events/waltid";

// The seed documents' own examples (seeds/*.txt), as the agents send them.
const identusConnection = {
  id: "cb8d4e96-30f0-4892-863f-44d49d634211",
  ts: "2023-07-06T12:01:19.769427Z",
  type: "ConnectionUpdated",
  data: {
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
  },
  walletId: "00000000-0000-0000-0000-000000000000",
};

const waltidResolved = {
  id: "offer-id-123",
  type: "resolved_credential_offer",
  timestamp: 1704067200000,
  data: { credentialOffer: {} },
};

// Proven's examples carry ACA-Py's records (plus wallet_id) in `webhook`.
const acapyCredentialDone = {
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

const igrantOfferSent = {
  deliveryID: "67f770eec8426b0b55e30c2e",
  webhookID: "67f770936e45cf84e6880d25",
  timestamp: "2025-04-10T07:19:10Z",
  data: {
    credential: {
      CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0",
      credentialDefinitionId: "a79fb535-5e17-4571-928a-7b30011e4fa8",
      walletUnitAttestationVerified: false,
    },
    organisationId: "64ec561de2f6a8000142c671",
  },
  type: "openid.credential.offer_sent",
};

describe("Identus notifications", () => {
  it("keep Identus' event id, type, data and wallet", () => {
    expect(fromIdentus(identusConnection)).toEqual({
      id: identusConnection.id,
      type: "ConnectionUpdated",
      data: identusConnection.data,
      walletId: "00000000-0000-0000-0000-000000000000",
    });
  });

  it("name no wallet when the agent names none", () => {
    const { walletId: _omitted, ...withoutWallet } = identusConnection;
    expect(fromIdentus(withoutWallet)).not.toHaveProperty("walletId");
  });
});

describe("walt.id notifications", () => {
  it("become an event about the offer, with type and data as sent", async () => {
    const event = await fromWaltid(waltidResolved);
    expect(event).toMatchObject({
      type: "resolved_credential_offer",
      data: { credentialOffer: {} },
      subject: "offer-id-123",
    });
    expect(event.id).toMatch(/^waltid-[0-9a-f]{32}$/);
  });

  it("get the same id when the same notification comes again, whatever its key order", async () => {
    const again = {
      data: { credentialOffer: {} },
      timestamp: 1704067200000,
      type: "resolved_credential_offer",
      id: "offer-id-123",
    };
    expect((await fromWaltid(again)).id).toBe((await fromWaltid(waltidResolved)).id);
  });

  it("get a new id when the offer, type, time or data differ", async () => {
    const ids = new Set(
      await Promise.all(
        [
          waltidResolved,
          { ...waltidResolved, id: "offer-id-456" },
          { ...waltidResolved, type: "requested_token" },
          { ...waltidResolved, timestamp: 1704067210000 },
          // Two credentials of one batch issuance, issued in the same millisecond.
          { ...waltidResolved, type: "sdjwt_issue", data: { sdjwt: "eyJ...a" } },
          { ...waltidResolved, type: "sdjwt_issue", data: { sdjwt: "eyJ...b" } },
        ].map(async (n) => (await fromWaltid(n)).id),
      ),
    );
    expect(ids.size).toBe(6);
  });
});

describe("ACA-Py webhook calls", () => {
  it("become an event of the topic with the record as its data and the exchange as its subject", async () => {
    const event = await fromAcapy(
      "issue_credential_v2_0",
      acapyCredentialDone,
      "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
    );
    expect(event).toMatchObject({
      type: "issue_credential_v2_0",
      data: acapyCredentialDone,
      subject: "794657e2-187e-4642-b5f2-77dd27138a49",
      walletId: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
    });
    expect(event.id).toMatch(/^acapy-[0-9a-f]{32}$/);
  });

  it("get the same id for a retried call and a new one for a state change or another topic", async () => {
    const first = await fromAcapy("issue_credential_v2_0", acapyCredentialDone);
    const retried = await fromAcapy(
      "issue_credential_v2_0",
      JSON.parse(JSON.stringify(acapyCredentialDone)),
    );
    const changed = await fromAcapy("issue_credential_v2_0", {
      ...acapyCredentialDone,
      state: "credential-revoked",
    });
    const otherTopic = await fromAcapy("issue_credential_v2_0_indy", acapyCredentialDone);
    expect(retried.id).toBe(first.id);
    expect(new Set([first.id, changed.id, otherTopic.id]).size).toBe(3);
  });

  it("take the record's main id as the subject: exchange, then connection, then thread", () => {
    const presentation = {
      state: "done",
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      pres_ex_id: "7ec0d756-58e8-402d-9688-2dc4cd48cf17",
      thread_id: "00b7fe05",
    };
    const basicMessage = {
      connection_id: "9775b821-be93-4980-94d9-e3deaf6698d3",
      message_id: "4a977851",
      content: "New",
      state: "received",
    };
    expect(acapySubject(presentation)).toBe("7ec0d756-58e8-402d-9688-2dc4cd48cf17");
    expect(acapySubject({ credential_exchange_id: "v1-exchange", connection_id: "c" })).toBe(
      "v1-exchange",
    );
    expect(acapySubject(basicMessage)).toBe("9775b821-be93-4980-94d9-e3deaf6698d3");
    expect(acapySubject({ thread_id: "t-1", state: "x" })).toBe("t-1");
  });

  it("leave out the subject when the record has no usable id", async () => {
    expect(acapySubject({ revoc_reg_id: "r", connection_id: null, thread_id: 42 })).toBeUndefined();
    expect(acapySubject({ connection_id: "x".repeat(257) })).toBeUndefined();
    expect(await fromAcapy("revocation_registry", { revoc_reg_id: "r" })).not.toHaveProperty(
      "subject",
    );
  });
});

describe("iGrant.io notifications", () => {
  it("keep the deliveryID as the event id, with type and data as sent", () => {
    expect(fromIgrant(igrantOfferSent)).toEqual({
      id: "67f770eec8426b0b55e30c2e",
      type: "openid.credential.offer_sent",
      data: igrantOfferSent.data,
    });
  });
});

describe("Proven calls", () => {
  it("name the event by `event`, carry `webhook` as data, and take the exchange as subject before the connection", async () => {
    const oid4vc = await fromProven({
      event: "oid4vc-credential:issued",
      webhook: { connection_id: "c-1", exchange_id: "x-1", state: "issued" },
    });
    expect(oid4vc).toMatchObject({
      type: "oid4vc-credential:issued",
      subject: "x-1",
      data: { connection_id: "c-1", exchange_id: "x-1", state: "issued" },
    });
    const didcomm = await fromProven({
      event: "credentials:done",
      webhook: { thread_id: "t-1", connection_id: "c-1", cred_ex_id: "e-1" },
    });
    expect(didcomm.subject).toBe("e-1");
    const bare = await fromProven({ event: "basic-message:received", webhook: { content: "hi" } });
    expect(bare.subject).toBeUndefined();
  });

  it("derive the same id for the same call and another for a new state", async () => {
    const call = { event: "credentials:done", webhook: { cred_ex_id: "e-1", state: "done" } };
    const again = await fromProven({ ...call, webhook: { state: "done", cred_ex_id: "e-1" } });
    expect((await fromProven(call)).id).toBe(again.id);
    const other = await fromProven({ ...call, webhook: { cred_ex_id: "e-1", state: "abandoned" } });
    expect(other.id).not.toBe(again.id);
    expect(again.id).toMatch(/^proven-[0-9a-f]{32}$/);
  });
});
