// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const did = "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e";
const kid = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
const x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const multibase = "z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw";

export const didExamples = {
  service: {
    "@context": ["https://www.w3.org/ns/did/v1"],
    id: "did:web:herald.example.com",
    service: [
      {
        id: "did:web:herald.example.com#api",
        type: "HeraldWebhooks",
        serviceEndpoint: "https://herald.example.com/v1",
      },
    ],
  },
  wallet: {
    "@context": [
      "https://www.w3.org/ns/did/v1",
      "https://w3id.org/security/suites/jws-2020/v1",
      "https://w3id.org/security/suites/ed25519-2020/v1",
    ],
    id: did,
    verificationMethod: [
      {
        id: `${did}#${kid}`,
        type: "JsonWebKey2020" as const,
        controller: did,
        publicKeyJwk: { kty: "OKP" as const, crv: "Ed25519" as const, x },
      },
      {
        id: `${did}#${multibase}`,
        type: "Ed25519VerificationKey2020" as const,
        controller: did,
        publicKeyMultibase: multibase,
      },
    ],
    assertionMethod: [`${did}#${kid}`, `${did}#${multibase}`],
    authentication: [`${did}#${kid}`, `${did}#${multibase}`],
  },
  jwks: {
    keys: [
      {
        kty: "OKP" as const,
        crv: "Ed25519" as const,
        x,
        kid,
        use: "sig" as const,
        alg: "EdDSA" as const,
      },
    ],
  },
  rotated: {
    walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
    did,
    keys: [
      {
        kid: "QK4DXvMnZpulRAXVPrfKqzm-5YKuVtEORZvJxTiAn0Y",
        keyId: `${did}#QK4DXvMnZpulRAXVPrfKqzm-5YKuVtEORZvJxTiAn0Y`,
        status: "current" as const,
        createdAt: "2026-01-02T09:00:00.000Z",
        expiresAt: null,
      },
      {
        kid,
        keyId: `${did}#${kid}`,
        status: "previous" as const,
        createdAt: "2026-01-01T09:00:00.000Z",
        expiresAt: "2026-01-03T09:00:00.000Z",
      },
    ],
  },
};
