import { dataSchema, record, text } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// walt.id Issuer2: one event per step of an OID4VCI issuance; the offer/session id travels as
// the event's subject (the `id` of walt.id's own notification body).

export const WALTID_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: "resolved_credential_offer",
    source: "waltid",
    description: "A wallet resolved the credential offer.",
    schema: dataSchema(
      "walt.id resolved credential offer",
      {
        credentialOffer: record("The OID4VCI credential offer the wallet resolved"),
      },
      ["credentialOffer"],
    ),
    example: {
      credentialOffer: {
        credential_issuer: "https://issuer.example.com",
        credential_configuration_ids: ["identity_credential_vc+sd-jwt"],
        grants: {
          "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
            "pre-authorized_code": "eyJhbGciOiJFZERTQSJ9...",
          },
        },
      },
    },
  },
  {
    name: "requested_token",
    source: "waltid",
    description: "A wallet requested an access token for the offer.",
    schema: dataSchema(
      "walt.id token request",
      {
        tokenRequest: record("The OAuth 2.0 token request the wallet sent"),
      },
      ["tokenRequest"],
    ),
    example: {
      tokenRequest: {
        grant_type: "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": "eyJhbGciOiJFZERTQSJ9...",
      },
    },
  },
  {
    name: "sdjwt_issue",
    source: "waltid",
    description: "An SD-JWT VC credential was issued.",
    schema: dataSchema("walt.id SD-JWT issuance", { sdjwt: text("The issued SD-JWT VC") }, [
      "sdjwt",
    ]),
    example: { sdjwt: "eyJ..." },
  },
  {
    name: "jwt_issue",
    source: "waltid",
    description: "A W3C JWT credential was issued.",
    schema: dataSchema(
      "walt.id JWT issuance",
      { jwt: text("The issued W3C credential as a JWT") },
      ["jwt"],
    ),
    example: { jwt: "eyJ..." },
  },
  {
    name: "generated_mdoc",
    source: "waltid",
    description: "An mDoc (ISO 18013-5) credential was generated.",
    schema: dataSchema(
      "walt.id mDoc generation",
      { mdoc: text("The generated mDoc, hex-encoded CBOR") },
      ["mdoc"],
    ),
    example: { mdoc: "a26..." },
  },
];
