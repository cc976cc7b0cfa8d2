// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const wallet = {
  id: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
  name: "Acme issuer",
  createdAt: "2026-01-01T09:00:00.000Z",
};

export const walletExamples = {
  create: { name: "Acme issuer" },
  wallet,
  created: { ...wallet, apiKey: "hwk_Jq8sV2mXcR4tLw9bN6yPzA1dE5fG7hK3" },
  apiKey: {
    id: "0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
    prefix: "hwk_Jq8sV2",
    createdAt: "2026-01-01T09:00:00.000Z",
    revokedAt: null,
  },
  createdApiKey: {
    id: "0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
    walletId: wallet.id,
    apiKey: "hwk_Jq8sV2mXcR4tLw9bN6yPzA1dE5fG7hK3",
    prefix: "hwk_Jq8sV2",
    createdAt: "2026-01-01T09:00:00.000Z",
  },
};
