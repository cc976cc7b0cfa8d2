/** Every event type the seed documents name, by source (ACA-Py's main topics and Herald's own too). */
export const SEED_TYPES: Record<string, string[]> = {
  identus: ["ConnectionUpdated", "IssueCredentialRecordUpdated", "PresentationUpdated", "DIDStatusUpdated"],
  waltid: ["resolved_credential_offer", "requested_token", "sdjwt_issue", "jwt_issue", "generated_mdoc"],
  proven: [
    "connection:completed", "credentials:done", "presentation:verified", "oid4vc-credential:issued",
    "oid4vc-presentation:verified", "basic-message:received",
  ],
  igrant: [
    "openid.credential.offer_sent", "openid.credential.offer_received", "openid.credential.token_issued",
    "openid.credential.credential_issued", "openid.credential.credential_acked", "openid.credential.credential_accepted",
    "openid.credential.credential_deleted", "openid.credential.issuance_denied",
    "openid.presentation.request_sent.v3", "openid.presentation.request_received.v3", "openid.presentation.presentation_acked.v3",
    "openid.presentation.request_sent", "openid.presentation.request_received", "openid.presentation.presentation_acked",
  ],
  acapy: [
    "connections", "issue_credential", "issue_credential_v2_0", "issue_credential_v2_0_indy", "issue_credential_v2_0_ld_proof",
    "present_proof", "present_proof_v2_0", "basicmessages", "revocation_registry", "issuer_cred_rev", "endorse_transaction",
    "out_of_band", "ping", "problem_report", "discover_feature", "discover_feature_v2_0", "mediation",
  ],
  herald: ["herald.delivery.exhausted", "herald.webhook.disabled"],
};
