import { choice, dataSchema, list, record, text, textOrNull } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// Proven (ACA-Py based): `data` is the `webhook` object of Proven's `{event, webhook}` body.
// The proven format adds `wallet_id` to it on delivery, so the examples leave it out.
// Two of Proven's headings name another type than their payloads carry (OID4VC "presentation:verified",
// "webhook:basic-message"); the payloads' names are the ones agents send, so those are catalogued.

const exchange = {
  state: text("The exchange's state"),
  connection_id: text("The connection the exchange runs over"),
  thread_id: text("DIDComm thread id"),
  role: text("This agent's role in the exchange"),
  initiator: choice(["self", "external"], "Who started the exchange"),
  created_at: text("When the exchange record was created"),
  updated_at: text("When the exchange record last changed"),
};

export const PROVEN_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: "connection:completed",
    source: "proven",
    description: "A connection is fully established.",
    schema: dataSchema(
      "Proven completed connection",
      {
        connection_id: text("The connection's id"),
        invitation_key: text("The invitation's recipient key"),
        invitation_msg_id: text("The invitation message's id"),
        contact_id: textOrNull("Proven's contact for this connection, when linked"),
        purpose: text("The invitation's purpose"),
        discovered_features: list(
          record("A protocol the other agent supports", {
            pid: text("Protocol id"),
            roles: list(text("A role"), "Roles it takes"),
          }),
          "Protocols the other agent disclosed",
        ),
      },
      ["connection_id"],
    ),
    example: {
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      invitation_key: "2St9MAnpToLcnUxhfskNBYgNxzS4vzAy42kSWPF8AY9e",
      invitation_msg_id: "7f7392eb-a334-43c9-bdb0-b1a109de1f91",
      contact_id: null,
      purpose: "invitation purpose",
      discovered_features: [
        { pid: "https://didcomm.org/present-proof/2.0", roles: ["prover", "verifier"] },
      ],
    },
  },
  {
    name: "credentials:done",
    source: "proven",
    description: "An AnonCreds or JSON-LD credential was issued.",
    schema: dataSchema(
      "Proven issued credential",
      {
        ...exchange,
        cred_ex_id: text("The credential exchange's id"),
        credential_id: textOrNull("The stored credential's id (holder side)"),
      },
      ["cred_ex_id", "state"],
    ),
    example: {
      state: "done",
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      thread_id: "d92933ef-74d8-4e53-9d4a-6526feb991c5",
      role: "issuer",
      initiator: "self",
      created_at: "2025-03-13T22:14:41.138935Z",
      updated_at: "2025-03-13T22:15:02.479961Z",
      credential_id: null,
    },
  },
  {
    name: "presentation:verified",
    source: "proven",
    description: "An AnonCreds or JSON-LD presentation was verified.",
    schema: dataSchema(
      "Proven verified presentation",
      {
        ...exchange,
        pres_ex_id: text("The presentation exchange's id"),
        verified: choice(["true", "false"], "The verification result, as a string"),
      },
      ["pres_ex_id", "state", "verified"],
    ),
    example: {
      state: "done",
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      pres_ex_id: "7ec0d756-58e8-402d-9688-2dc4cd48cf17",
      thread_id: "00b7fe05-79a1-44a8-91bd-8f0fe47f249d",
      role: "verifier",
      initiator: "self",
      verified: "true",
      created_at: "2025-03-13T22:15:04.202161Z",
      updated_at: "2025-03-13T22:15:14.343137Z",
    },
  },
  {
    name: "oid4vc-credential:issued",
    source: "proven",
    description: "An OID4VC credential was issued.",
    schema: dataSchema(
      "Proven OID4VC issuance",
      {
        exchange_id: text("The OID4VCI exchange's id"),
        supported_cred_id: text("The supported credential configuration's id"),
        credential_subject: record("The claims issued"),
        verification_method: text("The key that signed the credential"),
        state: text("The exchange's state"),
        issuer_id: text("The issuer's DID"),
        code: text("The pre-authorized code"),
        token: text("The access token the wallet used"),
      },
      ["exchange_id", "state"],
    ),
    example: {
      exchange_id: "d3e347d2-e6df-45cf-bb02-27a929311260",
      supported_cred_id: "413f8b60-6587-40bd-95ee-58797c3d6543",
      credential_subject: {
        given_name: "Alice",
        family_name: "Smith",
        something_nested: { key1: { key2: { key3: "something nested" } } },
        source_document_type: "id_card",
        age_equal_or_over: {
          "12": true,
          "14": true,
          "16": true,
          "18": true,
          "21": true,
          "65": false,
        },
      },
      verification_method: "did:sov:NQ6iZJjvwdMzedXHzxX1vf#key-1",
      state: "issued",
      issuer_id: "did:sov:NQ6iZJjvwdMzedXHzxX1vf",
      code: "Naqioo54ryqIAbNbfcWYTg",
      token:
        "eyJ0eXAiOiAiSldUIiwgImtpZCI6ICJkaWQ6c292Ok5RNmlaSmp2d2RNemVkWEh6eFgxdmYja2V5LTEiLCAiYWxnIjogIkVkRFNBIn0.eyJpZCI6ICJkM2UzNDdkMi1lNmRmLTQ1Y2YtYmIwMi0yN2E5MjkzMTEyNjAiLCAiZXhwIjogMTc0MjA3NDM2Mn0.JffFZI7MgkWyZDLckUpY75flch4HdMqIHnUh1suHAoOOjjQ0OD9nNCNChNl5uCHrWZnrxsT9nQl-npZGqGDIDA",
    },
  },
  {
    name: "oid4vc-presentation:verified",
    source: "proven",
    description: "An OID4VP presentation was verified.",
    schema: dataSchema(
      "Proven OID4VP verification",
      {
        pres_def_id: text("The presentation definition's id"),
        presentation_id: text("The presentation's id"),
        request_id: text("The presentation request's id"),
        matched_credentials: {
          type: "object",
          description: "Disclosed claims per matched input descriptor",
          additionalProperties: record("Claims of one credential"),
        },
        state: text("The presentation's state (presentation-valid, presentation-invalid)"),
      },
      ["presentation_id", "state"],
    ),
    example: {
      pres_def_id: "b1c679d4-6edb-4d22-ba65-553dd7f6ef0a",
      presentation_id: "28e70110-57b4-494e-b13b-aa728eac88c4",
      request_id: "00f70502-0618-4b9e-af9f-e8af07f6edcd",
      matched_credentials: {
        "ID Card": {
          something_nested: { key1: { key2: { key3: "something nested" } } },
          source_document_type: "id_card",
          age_equal_or_over: {},
          vct: "testCard",
          iss: "did:sov:NQ6iZJjvwdMzedXHzxX1vf",
          iat: 1741987962,
          given_name: "Alice",
          family_name: "Smith",
        },
      },
      state: "presentation-valid",
    },
  },
  {
    name: "basic-message:received",
    source: "proven",
    description: "A basic message arrived over a connection.",
    schema: dataSchema(
      "Proven basic message",
      {
        connection_id: text("The connection it arrived on"),
        message_id: text("The message's id"),
        content: text("The message text"),
        state: text("Always received"),
        sent_time: text("When the sender sent it"),
        locale: text("The message's language"),
      },
      ["connection_id", "message_id", "content"],
    ),
    example: {
      connection_id: "9775b821-be93-4980-94d9-e3deaf6698d3",
      message_id: "4a977851-e5be-40fd-b3d6-3e01ae249c77",
      content: "New",
      state: "received",
      sent_time: "2025-03-14T02:28:57.839Z",
      locale: "en",
    },
  },
];
