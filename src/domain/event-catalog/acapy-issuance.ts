import {
  EXAMPLE_TIMES as AT,
  acapyRecord,
  EXAMPLE_CONNECTION_ID as CONNECTION_ID,
  CRED_DEF_ID,
  EXCHANGE_FIELDS,
  REV_REG_ID,
} from "./acapy-record";
import { choice, flag, record, text } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// ACA-Py's issue-credential topics, 1.0 and 2.0 with its per-format details (data = the record).

const V1_CREDENTIAL_STATES =
  "proposal_sent, proposal_received, offer_sent, offer_received, request_sent, request_received, credential_issued, credential_received, credential_acked, credential_revoked, abandoned";
const V2_CREDENTIAL_STATES =
  "proposal-sent, proposal-received, offer-sent, offer-received, request-sent, request-received, credential-issued, credential-received, done, credential-revoked, abandoned, deleted";

export const ACAPY_ISSUANCE_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: "issue_credential",
    source: "acapy",
    description: "An issue-credential 1.0 exchange record changed state.",
    schema: acapyRecord(
      "ACA-Py issue-credential 1.0 record",
      {
        credential_exchange_id: text("The exchange's id"),
        state: text(`Exchange state: ${V1_CREDENTIAL_STATES}`),
        role: choice(["issuer", "holder"], "This agent's role"),
        ...EXCHANGE_FIELDS,
        schema_id: text("The credential's schema id"),
        credential_definition_id: text("The credential definition's id"),
        credential_proposal_dict: record("The proposal message"),
        credential_offer_dict: record("The offer message"),
        credential_offer: record("The AnonCreds offer"),
        credential_request: record("The AnonCreds request"),
        credential: record("The issued credential"),
        credential_id: text("The stored credential's id (holder side)"),
        revoc_reg_id: text("The revocation registry's id"),
        revocation_id: text("The credential's index in the revocation registry"),
        auto_offer: flag("Whether an offer answers a proposal automatically"),
        auto_issue: flag("Whether a request is answered with the credential automatically"),
      },
      ["credential_exchange_id", "state"],
    ),
    example: {
      credential_exchange_id: "9e9d171d-c699-4bd5-8a0b-9f798eebc2cc",
      state: "offer_sent",
      role: "issuer",
      initiator: "self",
      connection_id: CONNECTION_ID,
      thread_id: "4076cdee-8181-46cc-89b3-4d35e7eebd3f",
      schema_id: "717CTkVDFaxxM9ShojzkDN:2:ForBob:1.0",
      credential_definition_id: CRED_DEF_ID,
      auto_offer: false,
      auto_issue: false,
      auto_remove: false,
      trace: false,
      ...AT,
    },
  },
  {
    name: "issue_credential_v2_0",
    source: "acapy",
    description: "An issue-credential 2.0 exchange record changed state.",
    schema: acapyRecord(
      "ACA-Py issue-credential 2.0 record",
      {
        cred_ex_id: text("The exchange's id"),
        state: text(`Exchange state: ${V2_CREDENTIAL_STATES}`),
        role: choice(["issuer", "holder"], "This agent's role"),
        ...EXCHANGE_FIELDS,
        cred_preview: record("The credential preview (attributes)"),
        cred_proposal: record("The proposal message"),
        cred_offer: record("The offer message"),
        cred_request: record("The request message"),
        cred_issue: record("The issue message"),
        by_format: record(
          "The exchange's messages by credential format (indy, ld_proof, anoncreds, vc_di)",
        ),
        auto_offer: flag("Whether an offer answers a proposal automatically"),
        auto_issue: flag("Whether a request is answered with the credential automatically"),
      },
      ["cred_ex_id", "state"],
    ),
    example: {
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      state: "done",
      role: "issuer",
      initiator: "self",
      connection_id: CONNECTION_ID,
      thread_id: "d92933ef-74d8-4e53-9d4a-6526feb991c5",
      cred_preview: {
        "@type": "https://didcomm.org/issue-credential/2.0/credential-preview",
        attributes: [
          { name: "name", value: "Alice" },
          { name: "age", value: "30" },
        ],
      },
      auto_offer: false,
      auto_issue: true,
      auto_remove: false,
      trace: false,
      ...AT,
    },
  },
  {
    name: "issue_credential_v2_0_indy",
    source: "acapy",
    description: "The Indy (AnonCreds) detail of an issue-credential 2.0 exchange changed.",
    schema: acapyRecord(
      "ACA-Py issue-credential 2.0 Indy detail",
      {
        cred_ex_indy_id: text("The detail record's id"),
        cred_ex_id: text("The exchange it belongs to"),
        cred_id_stored: text("The stored credential's id (holder side)"),
        cred_request_metadata: record("The credential request's metadata"),
        rev_reg_id: text("The revocation registry's id"),
        cred_rev_id: text("The credential's index in the revocation registry"),
        state: text("The detail record's state"),
      },
      ["cred_ex_id"],
    ),
    example: {
      cred_ex_indy_id: "1b5a2f0c-3d4e-4f5a-9b6c-7d8e9f0a1b2c",
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      rev_reg_id: REV_REG_ID,
      cred_rev_id: "1",
      ...AT,
    },
  },
  {
    name: "issue_credential_v2_0_ld_proof",
    source: "acapy",
    description: "The JSON-LD detail of an issue-credential 2.0 exchange changed.",
    schema: acapyRecord(
      "ACA-Py issue-credential 2.0 LD proof detail",
      {
        cred_ex_ld_proof_id: text("The detail record's id"),
        cred_ex_id: text("The exchange it belongs to"),
        cred_id_stored: text("The stored credential's id (holder side)"),
        state: text("The detail record's state"),
      },
      ["cred_ex_id"],
    ),
    example: {
      cred_ex_ld_proof_id: "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f",
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      cred_id_stored: "c0d1e2f3-a4b5-4c6d-9e7f-8a9b0c1d2e3f",
      ...AT,
    },
  },
];
