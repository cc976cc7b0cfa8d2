import type { JsonSchema } from "../json-schema";
import { dataSchema, flag, record, text } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// iGrant.io Organisation Wallet (OpenID4VC): issuer events carry the credential history record,
// verifier events the presentation (verification) history record, each with the organisation.

const ISSUER_EVENTS: Array<[string, string]> = [
  [
    "openid.credential.offer_sent",
    "A credential offer was created and delivered (QR code or credential offer endpoint).",
  ],
  ["openid.credential.offer_received", "The wallet unit (holder) accessed a credential offer."],
  ["openid.credential.token_issued", "A token was issued during the credential issuance."],
  [
    "openid.credential.credential_issued",
    "The issuer issued a credential to the wallet unit (holder).",
  ],
  [
    "openid.credential.credential_acked",
    "The wallet unit (holder) received and acknowledged the credential.",
  ],
  [
    "openid.credential.credential_accepted",
    "The wallet unit (holder) accepted the credential and stored it.",
  ],
  ["openid.credential.credential_deleted", "The wallet unit (holder) deleted the credential."],
  [
    "openid.credential.issuance_denied",
    "Issuance was denied: wallet unit attestation invalid or missing, proof of possession invalid, a valid credential already exists (uniqueness enforced), or authorisation failed.",
  ],
];

const VERIFIER_EVENTS: Array<[string, string]> = [
  [
    "openid.presentation.request_sent",
    "A presentation request was created and delivered by QR code.",
  ],
  [
    "openid.presentation.request_received",
    "The wallet unit (holder) accessed a presentation request.",
  ],
  [
    "openid.presentation.presentation_acked",
    "The verifier received and acknowledged a presentation and verified it.",
  ],
];

const organisationId = text("The issuing or verifying organisation");

const credentialSchema: JsonSchema = dataSchema(
  "iGrant.io credential event",
  {
    credential: record("The credential history record (see iGrant's issue credential response)", {
      CredentialExchangeId: text("The credential exchange's id"),
      credentialDefinitionId: text("The credential definition's id"),
      walletUnitAttestationVerified: flag("Whether the wallet unit attestation was verified"),
    }),
    organisationId,
  },
  ["credential", "organisationId"],
);

const presentation = record(
  "The verification history record (see iGrant's send verification request response)",
  {
    presentationExchangeId: text("The presentation exchange's id"),
    presentationDefinitionId: text("The presentation definition's id"),
    walletUnitAttestationVerified: flag("Whether the wallet unit attestation was verified"),
  },
);

const presentationExample = {
  organisationId: "64ec561de2f6a8000142c671",
  presentation: {
    presentationExchangeId: "73315f05-089f-4548-b7ba-052ce828c7d7",
    presentationDefinitionId: "bd28cfc2-4938-4f47-b91a-77412676d107",
    walletUnitAttestationVerified: false,
  },
};

export const IGRANT_EVENT_TYPES: EventTypeDefinition[] = [
  ...ISSUER_EVENTS.map(
    ([name, description]): EventTypeDefinition => ({
      name,
      source: "igrant",
      description,
      schema: credentialSchema,
      example: {
        credential: {
          CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0",
          credentialDefinitionId: "a79fb535-5e17-4571-928a-7b30011e4fa8",
          walletUnitAttestationVerified: false,
        },
        organisationId: "64ec561de2f6a8000142c671",
      },
    }),
  ),
  ...VERIFIER_EVENTS.map(
    ([name, description]): EventTypeDefinition => ({
      name: `${name}.v3`,
      source: "igrant",
      description,
      schema: dataSchema("iGrant.io presentation event (v3)", { organisationId, presentation }, [
        "organisationId",
        "presentation",
      ]),
      example: presentationExample,
    }),
  ),
  // The pre-v3 verifier events: still sent, replaced by the .v3 ones. Their record follows the
  // older "send verification request" response, so only the organisation is required.
  ...VERIFIER_EVENTS.map(
    ([name, description]): EventTypeDefinition => ({
      name,
      source: "igrant",
      deprecated: true,
      description: `${description} Deprecated: use ${name}.v3.`,
      schema: dataSchema(
        "iGrant.io presentation event (deprecated)",
        { organisationId, presentation },
        ["organisationId"],
      ),
      example: presentationExample,
    }),
  ),
];
