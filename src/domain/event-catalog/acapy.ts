import { ACAPY_ISSUANCE_EVENT_TYPES } from "./acapy-issuance";
import { ACAPY_PROOF_EVENT_TYPES } from "./acapy-proofs";
import {
  EXAMPLE_TIMES as AT,
  acapyRecord,
  EXAMPLE_CONNECTION_ID as CONNECTION_ID,
} from "./acapy-record";
import { choice, dataSchema, flag, list, record, text, textOrNull } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// ACA-Py's webhook topics (data = the record; see acapy-record.ts). This file holds the
// connection-level topics, acapy-issuance.ts and acapy-proofs.ts the credential, proof and revocation ones.

const CONNECTION_LEVEL: EventTypeDefinition[] = [
  {
    name: "connections",
    source: "acapy",
    description:
      "A connection record changed state (invitation, request, response, active, completed).",
    schema: acapyRecord(
      "ACA-Py connection record",
      {
        connection_id: text("The connection's id"),
        state: text(
          "Connection state: start, invitation, request, response, active, completed, abandoned, error",
        ),
        rfc23_state: text("The DID Exchange (RFC 0023) state, e.g. invitation-received, completed"),
        their_role: choice(
          ["invitee", "requester", "inviter", "responder"],
          "The other agent's role",
        ),
        their_label: text("The other agent's label"),
        their_did: text("The other agent's DID"),
        my_did: text("This agent's DID on the connection"),
        their_public_did: text("The other agent's public DID, when it used one"),
        invitation_key: text("The invitation's recipient key"),
        invitation_msg_id: text("The invitation message's id"),
        invitation_mode: choice(
          ["once", "multi", "static"],
          "How often the invitation may be used",
        ),
        accept: choice(["manual", "auto"], "Whether requests are accepted automatically"),
        alias: text("A local alias"),
        connection_protocol: text("connections/1.0 or didexchange/1.x"),
        error_msg: text("Why the connection failed, when it did"),
      },
      ["connection_id", "state"],
    ),
    example: {
      connection_id: CONNECTION_ID,
      state: "active",
      rfc23_state: "completed",
      their_role: "inviter",
      their_label: "Alice",
      their_did: "did:peer:4zQmd8CpeFPci817KDsbSAKWcXAE2mjvCQSasRewvbSF54Bd",
      my_did: "did:peer:4zQmfXMaGHk3UXKEjUr4nQKXPyaPnqGrhFBHP9AE4FM8zBM2",
      invitation_key: "2St9MAnpToLcnUxhfskNBYgNxzS4vzAy42kSWPF8AY9e",
      invitation_mode: "once",
      accept: "auto",
      connection_protocol: "didexchange/1.1",
      ...AT,
    },
  },
  {
    name: "out_of_band",
    source: "acapy",
    description:
      "An out-of-band record changed state (invitation created, received, reused or done).",
    schema: acapyRecord(
      "ACA-Py out-of-band record",
      {
        oob_id: text("The out-of-band record's id"),
        state: text(
          "initial, prepare-response, await-response, reuse-not-accepted, reuse-accepted, done or deleted",
        ),
        invi_msg_id: text("The invitation message's id"),
        invitation: record("The out-of-band invitation message"),
        connection_id: textOrNull("The connection made from it, once there is one"),
        role: choice(["sender", "receiver"], "This agent's role"),
        multi_use: flag("Whether the invitation may be used more than once"),
        our_recipient_key: text("This agent's recipient key for the invitation"),
        attach_thread_id: text("Thread id of an attached request"),
        trace: flag("Whether tracing is on"),
      },
      ["oob_id", "state"],
    ),
    example: {
      oob_id: "a1f3c6b1-7fd4-4b0e-b4a2-9f2d3c1e5a10",
      state: "await-response",
      invi_msg_id: "86e3dafc-74cd-4c6b-b530-c1e85be99b38",
      invitation: {
        "@type": "https://didcomm.org/out-of-band/1.1/invitation",
        "@id": "86e3dafc-74cd-4c6b-b530-c1e85be99b38",
        label: "Alice",
        handshake_protocols: ["https://didcomm.org/didexchange/1.1"],
        services: ["did:peer:2.Vz6Mkq...#didcomm-0"],
      },
      role: "sender",
      multi_use: false,
      trace: false,
      ...AT,
    },
  },
  {
    name: "basicmessages",
    source: "acapy",
    description: "A basic message arrived over a connection.",
    schema: dataSchema(
      "ACA-Py basic message",
      {
        connection_id: text("The connection it arrived on"),
        message_id: text("The message's id"),
        content: text("The message text"),
        state: text("Always received"),
        sent_time: text("When the sender sent it"),
        locale: text("The message's language, when given"),
      },
      ["connection_id", "message_id", "content"],
    ),
    example: {
      connection_id: CONNECTION_ID,
      message_id: "cd4ea8cb-be71-4fc9-84c0-ef552fce899e",
      content: "Hi Bob",
      state: "received",
      sent_time: "2025-03-14T02:28:57.839Z",
    },
  },
  {
    name: "ping",
    source: "acapy",
    description: "A trust ping arrived, or the answer to one (with --monitor-ping).",
    schema: dataSchema(
      "ACA-Py trust ping",
      {
        comment: textOrNull("The ping's comment"),
        connection_id: textOrNull("The connection it arrived on"),
        responded: flag("Whether this agent answered it"),
        state: choice(["received", "response_received"], "A ping or the answer to one"),
        thread_id: text("The ping's thread id"),
      },
      ["state", "thread_id"],
    ),
    example: {
      comment: "ping",
      connection_id: CONNECTION_ID,
      responded: true,
      state: "received",
      thread_id: "6d207908-4adb-4ff3-b2ac-e9b4086fc08d",
    },
  },
  {
    name: "problem_report",
    source: "acapy",
    description: "The other agent sent a problem report (RFC 0035); the message as received.",
    schema: dataSchema(
      "ACA-Py problem report",
      {
        "@type": text("DIDComm message type"),
        "@id": text("The message's id"),
        "~thread": record("Thread decorator", { thid: text("The thread the problem is about") }),
        description: record("What went wrong", {
          en: text("Human-readable text"),
          code: text("Problem code"),
        }),
        "explain-ltxt": text("Human-readable text (older agents)"),
        connection_id: text("The connection it arrived on"),
      },
      ["@type"],
    ),
    example: {
      "@type": "https://didcomm.org/notification/1.0/problem-report",
      "@id": "5bc63af2-3261-4ded-aaba-255be79fd4b8",
      "~thread": { thid: "b7e0ee42-02cb-41a3-ad3d-0ba81e3e767f" },
      description: { en: "My age is wrong", code: "issuance-abandoned" },
    },
  },
  {
    name: "discover_feature",
    source: "acapy",
    description: "A discover-features 1.0 exchange changed (query sent, disclosure received).",
    schema: acapyRecord(
      "ACA-Py discover-features 1.0 record",
      {
        discovery_exchange_id: text("The exchange's id"),
        connection_id: text("The connection it runs over"),
        thread_id: text("DIDComm thread id"),
        query_msg: record("The query message"),
        disclose: record("The disclose message, once received"),
      },
      ["discovery_exchange_id"],
    ),
    example: {
      discovery_exchange_id: "3f6a4b83-5a8c-4c0a-a9a3-2f9f0b5d7e11",
      connection_id: CONNECTION_ID,
      thread_id: "6e2f6f4a-8b83-4a3c-9c5e-0b2b1c7d8e9f",
      query_msg: { "@type": "https://didcomm.org/discover-features/1.0/query", query: "*" },
      disclose: {
        "@type": "https://didcomm.org/discover-features/1.0/disclose",
        protocols: [
          { pid: "https://didcomm.org/present-proof/2.0", roles: ["prover", "verifier"] },
        ],
      },
      ...AT,
    },
  },
  {
    name: "discover_feature_v2_0",
    source: "acapy",
    description: "A discover-features 2.0 exchange changed (queries sent, disclosures received).",
    schema: acapyRecord(
      "ACA-Py discover-features 2.0 record",
      {
        discovery_exchange_id: text("The exchange's id"),
        connection_id: text("The connection it runs over"),
        thread_id: text("DIDComm thread id"),
        queries_msg: record("The queries message"),
        disclosures: record("The disclosures message, once received"),
      },
      ["discovery_exchange_id"],
    ),
    example: {
      discovery_exchange_id: "9b1e0f9e-2f1c-4a7a-8a0c-3d2e1f0a9b8c",
      connection_id: CONNECTION_ID,
      thread_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
      queries_msg: {
        "@type": "https://didcomm.org/discover-features/2.0/queries",
        queries: [{ "feature-type": "protocol", match: "*" }],
      },
      disclosures: {
        "@type": "https://didcomm.org/discover-features/2.0/disclosures",
        disclosures: [
          {
            "feature-type": "protocol",
            id: "https://didcomm.org/issue-credential/2.0",
            roles: ["holder", "issuer"],
          },
        ],
      },
      ...AT,
    },
  },
  {
    name: "mediation",
    source: "acapy",
    description: "A mediation record changed state (requested, granted, denied).",
    schema: acapyRecord(
      "ACA-Py mediation record",
      {
        mediation_id: text("The mediation record's id"),
        state: text("request, granted or denied"),
        role: choice(["server", "client"], "This agent's role"),
        connection_id: text("The connection to the mediator or client"),
        mediator_terms: list(text("A term"), "The mediator's terms"),
        recipient_terms: list(text("A term"), "The recipient's terms"),
        routing_keys: list(text("A key"), "Keys to route through the mediator"),
        endpoint: text("The mediator's endpoint"),
      },
      ["mediation_id", "state"],
    ),
    example: {
      mediation_id: "b7a0c1d2-e3f4-4a5b-8c6d-7e8f9a0b1c2d",
      state: "granted",
      role: "client",
      connection_id: CONNECTION_ID,
      mediator_terms: [],
      recipient_terms: [],
      routing_keys: ["did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"],
      endpoint: "https://mediator.example.com",
      ...AT,
    },
  },
];

export const ACAPY_EVENT_TYPES: EventTypeDefinition[] = [
  ...CONNECTION_LEVEL,
  ...ACAPY_ISSUANCE_EVENT_TYPES,
  ...ACAPY_PROOF_EVENT_TYPES,
];
