// Generated from Herald's OpenAPI document by `npm run client:generate`. Do not edit.
// `npm run client:check` (in CI) fails when this file is stale.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/did.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service's did:web document (for the host it is asked through) */
        get: operations["getServiceDidDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallets/{walletId}/did.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A wallet's did:web document: its Ed25519 signing keys
         * @description `did:web:<host>:wallets:<walletId>`. The current key and one still in its 24 h rotation overlap, each as JsonWebKey2020 (`#<kid>`, the id deliveries name in `webhook-key-id`) and as Ed25519VerificationKey2020 (`#z6Mk…`).
         */
        get: operations["getWalletDidDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets/{id}/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A wallet's signing keys as a JWK Set (public, like its DID document) */
        get: operations["getWalletJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets/{id}/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a wallet's Ed25519 signing key (the previous one signs too for 24 h) */
        post: operations["rotateWalletSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the calling wallet's Ed25519 signing key (the previous one signs too for 24 h) */
        post: operations["rotateOwnSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List wallets */
        get: operations["listWallets"];
        put?: never;
        /** Create a wallet and its first API key */
        post: operations["createWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a wallet */
        get: operations["getWallet"];
        put?: never;
        post?: never;
        /** Delete a wallet with its keys and webhooks */
        delete: operations["deleteWallet"];
        options?: never;
        head?: never;
        /** Change a wallet's settings: its limit overrides and its own iGrant ingest secret */
        patch: operations["updateWallet"];
        trace?: never;
    };
    "/v1/wallets/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A wallet's usage against its limits */
        get: operations["getWalletUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a wallet's API keys (prefixes only) */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Issue another API key for a wallet, with scopes, a name and an expiry
         * @description Without a body the key gets the `manage` scope (everything the wallet may do) and no expiry.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallets/{id}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhooks */
        get: operations["listWebhooks"];
        put?: never;
        /** Create a webhook */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Update a webhook */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the signing secret */
        get: operations["getWebhookSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret (the old one signs too for 24 h) */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's delivery log, newest first */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-send every failed delivery since a time (at most 14 days back) */
        post: operations["recoverDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an example event of a catalog type to this webhook now */
        post: operations["sendTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/doctor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest receiver-doctor run of this webhook */
        get: operations["getWebhookDoctor"];
        put?: never;
        /**
         * Probe this webhook's receiver: does it really verify signatures?
         * @description Sends a fixed series of probes (a signed delivery, then bad, missing and foreign signatures, stale and future timestamps, a changed body, a replay, a held-back body) straight to the webhook's URL, each marked `webhook-doctor: 1` with event type `herald.doctor.probe`. Probes are not deliveries: they are not logged, retried or counted in stats. One run per webhook per minute.
         */
        post: operations["runWebhookDoctor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A delivery with every attempt */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now (one more attempt, in order for fifo webhooks) */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-webhook delivery statistics over a window */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The wallet's usage against its limits */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Backlog, oldest open delivery and failure counts across all wallets (admin)
         * @description Read from D1's mirror of the webhook objects. JSON by default; the Prometheus text format (0.0.4) when the Accept header prefers text/plain.
         */
        get: operations["getAdminMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/reencrypt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-seal stored secrets under the newest encryption key, one bounded batch (admin) */
        post: operations["reencryptSecrets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the messages that reached the dead-letter queue, oldest first (admin) */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dead-letters/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a dead letter's message to the event queue again (admin)
         * @description Safe to replay: every step after the queue is idempotent on (wallet, event, webhook), so what was already delivered is not sent again.
         */
        post: operations["replayDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Poll the event log, in storage order, from a cursor
         * @description `nextCursor` is always returned (the same one when the page is empty): keep polling with it and every event stored later arrives, none twice.
         */
        get: operations["listEvents"];
        put?: never;
        /** Send an event to every subscribed webhook */
        post: operations["createEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live stream of the wallet's events (Server-Sent Events)
         * @description Each event as `id: <log position>`, `event: <type>`, `data: <event JSON>`. `Last-Event-ID` (or `?lastEventId=`) replays the log after that id first, then continues live with nothing missing or doubled. A `: keep-alive` comment every 15 s.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an event with its deliveries
         * @description With a wallet or admin key; or, without one, with the `?token=` of a thin delivery's href (that event only, for 1 hour, without its deliveries).
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send up to 100 events in one request */
        post: operations["createEventBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/identus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Identus Cloud Agent notification */
        post: operations["ingestIdentus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/waltid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** walt.id Issuer2 notification */
        post: operations["ingestWaltid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/acapy/topic/{topic}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** ACA-Py webhook call (one topic's record) */
        post: operations["ingestAcapy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/proven": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Proven webhook call ({event, webhook}) */
        post: operations["ingestProven"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/igrant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** iGrant.io notification (signed; an API key is optional and picks the wallet) */
        post: operations["ingestIgrant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notify-targets/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read the signing secret of a one-off notify target
         * @description Events that name `notify: {url}` are delivered to that URL signed like any webhook, with a secret fixed per (wallet, URL). POST rather than GET keeps the URL out of query strings and logs.
         */
        post: operations["getNotifyTargetSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the event-type catalog */
        get: operations["listEventTypes"];
        put?: never;
        /** Register a wallet's own event type */
        post: operations["createEventType"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one event type */
        get: operations["getEventType"];
        put?: never;
        post?: never;
        /** Delete a wallet's own event type */
        delete: operations["deleteEventType"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Management changes, newest first: webhooks, secrets, keys, limits, recovery */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the wallet's webhooks (Identus shape) */
        get: operations["listIdentusWebhooks"];
        put?: never;
        /** Create a wallet webhook (Identus shape) */
        post: operations["createIdentusWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook (Identus shape) */
        get: operations["getIdentusWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook (Identus shape) */
        delete: operations["deleteIdentusWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portal-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-time portal link for a wallet (valid 15 minutes, opens once) */
        post: operations["createPortalLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/portal/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current portal session (with its CSRF token) */
        get: operations["getPortalSession"];
        put?: never;
        /** Sign in to the portal with an admin or wallet key (sets an HttpOnly session cookie) */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/portal/session/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a portal session with a portal link's one-time token */
        post: operations["openPortalLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/portal/session/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session for good and clears its cookie */
        post: operations["endPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    ConnectionUpdated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An update in the connection flow state (DIDComm connection: invitation, request, response). */
        post: operations["onConnectionUpdatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    IssueCredentialRecordUpdated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An update in the VC issuance flow state (offer, request, credential), the record's protocolState. */
        post: operations["onIssueCredentialRecordUpdatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    PresentationUpdated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An update in the VC presentation flow state (request, presentation, verification), the record's status. */
        post: operations["onPresentationUpdatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    DIDStatusUpdated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An update in the DID publication state; currently only PUBLISHED is notified. */
        post: operations["onDIDStatusUpdatedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    resolved_credential_offer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A wallet resolved the credential offer. */
        post: operations["onResolvedCredentialOfferEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    requested_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A wallet requested an access token for the offer. */
        post: operations["onRequestedTokenEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    sdjwt_issue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An SD-JWT VC credential was issued. */
        post: operations["onSdjwtIssueEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    jwt_issue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A W3C JWT credential was issued. */
        post: operations["onJwtIssueEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    generated_mdoc: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An mDoc (ISO 18013-5) credential was generated. */
        post: operations["onGeneratedMdocEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection:completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A connection is fully established. */
        post: operations["onConnectionCompletedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "credentials:done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An AnonCreds or JSON-LD credential was issued. */
        post: operations["onCredentialsDoneEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "presentation:verified": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An AnonCreds or JSON-LD presentation was verified. */
        post: operations["onPresentationVerifiedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "oid4vc-credential:issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An OID4VC credential was issued. */
        post: operations["onOid4vcCredentialIssuedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "oid4vc-presentation:verified": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An OID4VP presentation was verified. */
        post: operations["onOid4vcPresentationVerifiedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "basic-message:received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A basic message arrived over a connection. */
        post: operations["onBasicMessageReceivedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.offer_sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A credential offer was created and delivered (QR code or credential offer endpoint). */
        post: operations["onOpenidCredentialOfferSentEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.offer_received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The wallet unit (holder) accessed a credential offer. */
        post: operations["onOpenidCredentialOfferReceivedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.token_issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A token was issued during the credential issuance. */
        post: operations["onOpenidCredentialTokenIssuedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.credential_issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The issuer issued a credential to the wallet unit (holder). */
        post: operations["onOpenidCredentialCredentialIssuedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.credential_acked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The wallet unit (holder) received and acknowledged the credential. */
        post: operations["onOpenidCredentialCredentialAckedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.credential_accepted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The wallet unit (holder) accepted the credential and stored it. */
        post: operations["onOpenidCredentialCredentialAcceptedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.credential_deleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The wallet unit (holder) deleted the credential. */
        post: operations["onOpenidCredentialCredentialDeletedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.credential.issuance_denied": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issuance was denied: wallet unit attestation invalid or missing, proof of possession invalid, a valid credential already exists (uniqueness enforced), or authorisation failed. */
        post: operations["onOpenidCredentialIssuanceDeniedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.request_sent.v3": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A presentation request was created and delivered by QR code. */
        post: operations["onOpenidPresentationRequestSentV3Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.request_received.v3": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The wallet unit (holder) accessed a presentation request. */
        post: operations["onOpenidPresentationRequestReceivedV3Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.presentation_acked.v3": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The verifier received and acknowledged a presentation and verified it. */
        post: operations["onOpenidPresentationPresentationAckedV3Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.request_sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A presentation request was created and delivered by QR code. Deprecated: use openid.presentation.request_sent.v3.
         * @deprecated
         */
        post: operations["onOpenidPresentationRequestSentEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.request_received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The wallet unit (holder) accessed a presentation request. Deprecated: use openid.presentation.request_received.v3.
         * @deprecated
         */
        post: operations["onOpenidPresentationRequestReceivedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "openid.presentation.presentation_acked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The verifier received and acknowledged a presentation and verified it. Deprecated: use openid.presentation.presentation_acked.v3.
         * @deprecated
         */
        post: operations["onOpenidPresentationPresentationAckedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    connections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A connection record changed state (invitation, request, response, active, completed). */
        post: operations["onConnectionsEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    out_of_band: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An out-of-band record changed state (invitation created, received, reused or done). */
        post: operations["onOutOfBandEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    basicmessages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A basic message arrived over a connection. */
        post: operations["onBasicmessagesEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A trust ping arrived, or the answer to one (with --monitor-ping). */
        post: operations["onPingEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    problem_report: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The other agent sent a problem report (RFC 0035); the message as received. */
        post: operations["onProblemReportEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    discover_feature: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A discover-features 1.0 exchange changed (query sent, disclosure received). */
        post: operations["onDiscoverFeatureEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    discover_feature_v2_0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A discover-features 2.0 exchange changed (queries sent, disclosures received). */
        post: operations["onDiscoverFeatureV20Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    mediation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A mediation record changed state (requested, granted, denied). */
        post: operations["onMediationEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    issue_credential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An issue-credential 1.0 exchange record changed state. */
        post: operations["onIssueCredentialEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    issue_credential_v2_0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An issue-credential 2.0 exchange record changed state. */
        post: operations["onIssueCredentialV20Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    issue_credential_v2_0_indy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The Indy (AnonCreds) detail of an issue-credential 2.0 exchange changed. */
        post: operations["onIssueCredentialV20IndyEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    issue_credential_v2_0_ld_proof: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The JSON-LD detail of an issue-credential 2.0 exchange changed. */
        post: operations["onIssueCredentialV20LdProofEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    present_proof: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A present-proof 1.0 exchange record changed state. */
        post: operations["onPresentProofEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    present_proof_v2_0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A present-proof 2.0 exchange record changed state. */
        post: operations["onPresentProofV20Event"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    revocation_registry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An issuer's revocation registry record changed state (init, generated, posted, active, full, decommissioned). */
        post: operations["onRevocationRegistryEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    issuer_cred_rev: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An issued credential's revocation record changed (issued, revoked). */
        post: operations["onIssuerCredRevEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    endorse_transaction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A ledger transaction endorsement record changed state (author and endorser sides). */
        post: operations["onEndorseTransactionEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "herald.delivery.exhausted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A delivery used up its retry schedule and is now failed; it can still be retried through the API. */
        post: operations["onHeraldDeliveryExhaustedEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "herald.webhook.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A webhook was disabled (410 Gone, a webhook-delivery: disable answer, or failing for too long); sent to the global webhooks. */
        post: operations["onHeraldWebhookDisabledEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "herald.event.conflict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Two submissions of one event id with different bodies raced (both answered 202 before either was stored): the first stored is the event and was delivered; this one was not. Filed in the wallet's event log. */
        post: operations["onHeraldEventConflictEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * ConnectionUpdated event
         * @description An update in the connection flow state (DIDComm connection: invitation, request, response).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "ConnectionUpdated",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "connectionId": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
         *         "label": "Connect with Alice",
         *         "role": "Inviter",
         *         "state": "InvitationGenerated",
         *         "invitation": {
         *           "id": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
         *           "type": "https://didcomm.org/out-of-band/2.0/invitation",
         *           "from": "did:peer:2.Ez6LS...jIiXX0",
         *           "invitationUrl": "https://my.domain.com/path?_oob=eyJpZCI6...bXX19"
         *         },
         *         "createdAt": "2023-07-06T12:01:19.760126Z",
         *         "self": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
         *         "kind": "Connection"
         *       }
         *     }
         */
        ConnectionUpdatedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ConnectionUpdated";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Identus connection */
            data: {
                /** @description The connection's id */
                connectionId: string;
                /** @description DIDComm thread id of the connection flow */
                thid?: string;
                /** @description A human-readable label for the connection */
                label?: string;
                /** @description Goal code of the invitation */
                goalCode?: string;
                /** @description Goal of the invitation */
                goal?: string;
                /** @description This agent's peer DID on the connection */
                myDid?: string;
                /** @description The other party's peer DID */
                theirDid?: string;
                /**
                 * @description This agent's role in the connection
                 * @enum {string}
                 */
                role: "Inviter" | "Invitee";
                /**
                 * @description The connection flow's new state
                 * @enum {string}
                 */
                state: "InvitationGenerated" | "InvitationReceived" | "ConnectionRequestPending" | "ConnectionRequestSent" | "ConnectionRequestReceived" | "ConnectionResponsePending" | "ConnectionResponseSent" | "ConnectionResponseReceived" | "ProblemReportPending" | "ProblemReportSent" | "ProblemReportReceived";
                /** @description The out-of-band invitation */
                invitation: {
                    /** @description Invitation id */
                    id?: string;
                    /** @description DIDComm message type of the invitation */
                    type?: string;
                    /** @description The inviter's peer DID */
                    from?: string;
                    /** @description The invitation as a URL (`_oob` parameter) */
                    invitationUrl?: string;
                } & {
                    [key: string]: unknown;
                };
                /**
                 * Format: date-time
                 * @description When the connection record was created
                 */
                createdAt: string;
                /**
                 * Format: date-time
                 * @description When the connection record last changed
                 */
                updatedAt?: string;
                /** @description Attempts left for the agent's background job */
                metaRetries?: number;
                /** @description The last failure of the background job, when there was one */
                metaLastFailure?: {
                    [key: string]: unknown;
                };
                /** @description The resource's own reference */
                self: string;
                /**
                 * @description Resource kind
                 * @enum {string}
                 */
                kind: "Connection";
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * IssueCredentialRecordUpdated event
         * @description An update in the VC issuance flow state (offer, request, credential), the record's protocolState.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "IssueCredentialRecordUpdated",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "recordId": "80d612dc-0ded-4ac9-90b4-1b8eabb04545",
         *         "thid": "0527aea1-d131-4d63-9e6a-8a2de2b1b0dc",
         *         "credentialFormat": "JWT",
         *         "subjectId": "did:prism:4a5b5cf0a513e83b598bbea25cd6196746747f361a73ef77068268bc9bd732ff",
         *         "claims": {
         *           "firstname": "Alice",
         *           "lastname": "Wonderland"
         *         },
         *         "automaticIssuance": true,
         *         "role": "Issuer",
         *         "protocolState": "CredentialSent",
         *         "issuingDID": "did:prism:9f847f8bbb66c112f71d08ab39930d468ccbfe1e0e1d002be53d46c431212c26",
         *         "createdAt": "2023-07-06T12:05:41.108731Z",
         *         "updatedAt": "2023-07-06T12:06:02.511200Z",
         *         "metaRetries": 5
         *       }
         *     }
         */
        IssueCredentialRecordUpdatedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "IssueCredentialRecordUpdated";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Identus issue-credential record */
            data: {
                /** @description The issuance record's id */
                recordId: string;
                /** @description DIDComm thread id of the issuance flow */
                thid?: string;
                /**
                 * @description Format of the credential
                 * @enum {string}
                 */
                credentialFormat?: "JWT" | "AnonCreds" | "SDJWT";
                /** @description The holder's DID, when known */
                subjectId?: string;
                /** @description Validity of the credential in seconds */
                validityPeriod?: number;
                /** @description The claims offered */
                claims?: {
                    [key: string]: unknown;
                };
                /** @description Whether the issuer issues as soon as the request arrives */
                automaticIssuance?: boolean;
                /**
                 * @description This agent's role in the issuance
                 * @enum {string}
                 */
                role?: "Issuer" | "Holder";
                /**
                 * @description The issuance flow's new state
                 * @enum {string}
                 */
                protocolState: "OfferPending" | "OfferSent" | "OfferReceived" | "RequestPending" | "RequestGenerated" | "RequestSent" | "RequestReceived" | "CredentialPending" | "CredentialGenerated" | "CredentialSent" | "CredentialReceived" | "ProblemReportPending" | "ProblemReportSent" | "ProblemReportReceived";
                /** @description The issued credential, base64-encoded, once there is one */
                credential?: string;
                /** @description The issuer's DID */
                issuingDID?: string;
                /** @description Goal code of the offer */
                goalCode?: string;
                /** @description Goal of the offer */
                goal?: string;
                /** @description This agent's DID on the flow */
                myDid?: string;
                /**
                 * Format: date-time
                 * @description When the record was created
                 */
                createdAt?: string;
                /**
                 * Format: date-time
                 * @description When the record last changed
                 */
                updatedAt?: string;
                /** @description Attempts left for the agent's background job */
                metaRetries?: number;
                /** @description The last failure of the background job, when there was one */
                metaLastFailure?: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * PresentationUpdated event
         * @description An update in the VC presentation flow state (request, presentation, verification), the record's status.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "PresentationUpdated",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "presentationId": "938bfc23-f78d-4734-9bf3-6dccf300856f",
         *         "thid": "04112f4d-e7a4-4152-8a66-0d5c1d1c2b8d",
         *         "role": "Verifier",
         *         "status": "PresentationVerified",
         *         "proofs": [],
         *         "data": [
         *           "eyJhbGciOiJFUzI1NksifQ..."
         *         ],
         *         "connectionId": "e0d81be9-47ca-4e0b-b8a7-325e8c3abc2f",
         *         "metaRetries": 5
         *       }
         *     }
         */
        PresentationUpdatedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "PresentationUpdated";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Identus presentation record */
            data: {
                /** @description The presentation record's id */
                presentationId: string;
                /** @description DIDComm thread id of the presentation flow */
                thid?: string;
                /**
                 * @description This agent's role in the presentation
                 * @enum {string}
                 */
                role?: "Verifier" | "Prover";
                /**
                 * @description The presentation flow's new state
                 * @enum {string}
                 */
                status: "RequestPending" | "RequestSent" | "RequestReceived" | "RequestRejected" | "PresentationPending" | "PresentationGenerated" | "PresentationSent" | "PresentationReceived" | "PresentationVerified" | "PresentationVerificationFailed" | "PresentationAccepted" | "PresentationRejected" | "ProblemReportPending" | "ProblemReportSent" | "ProblemReportReceived";
                /** @description The proofs requested */
                proofs?: {
                    [key: string]: unknown;
                }[];
                /** @description The presentations received, once there are some */
                data?: string[];
                /** @description The presentation requests */
                requestData?: string[];
                /** @description The connection the flow runs over */
                connectionId?: string;
                /** @description Claims disclosed in the presentation */
                disclosedClaims?: {
                    [key: string]: unknown;
                };
                /** @description Goal code of the request */
                goalCode?: string;
                /** @description Goal of the request */
                goal?: string;
                /** @description This agent's DID on the flow */
                myDid?: string;
                /** @description Attempts left for the agent's background job */
                metaRetries?: number;
                /** @description The last failure of the background job, when there was one */
                metaLastFailure?: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * DIDStatusUpdated event
         * @description An update in the DID publication state; currently only PUBLISHED is notified.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "DIDStatusUpdated",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "did": "did:prism:4a5b5cf0a513e83b598bbea25cd6196746747f361a73ef77068268bc9bd732ff",
         *         "status": "PUBLISHED"
         *       }
         *     }
         */
        DIDStatusUpdatedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DIDStatusUpdated";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Identus managed DID */
            data: {
                /** @description The managed DID */
                did: string;
                /** @description The long-form DID (always present until the DID is published) */
                longFormDid?: string;
                /** @description Publication state: CREATED, PUBLICATION_PENDING or PUBLISHED */
                status: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * resolved_credential_offer event
         * @description A wallet resolved the credential offer.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "resolved_credential_offer",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credentialOffer": {
         *           "credential_issuer": "https://issuer.example.com",
         *           "credential_configuration_ids": [
         *             "identity_credential_vc+sd-jwt"
         *           ],
         *           "grants": {
         *             "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
         *               "pre-authorized_code": "eyJhbGciOiJFZERTQSJ9..."
         *             }
         *           }
         *         }
         *       }
         *     }
         */
        ResolvedCredentialOfferEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "resolved_credential_offer";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** walt.id resolved credential offer */
            data: {
                /** @description The OID4VCI credential offer the wallet resolved */
                credentialOffer: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * requested_token event
         * @description A wallet requested an access token for the offer.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "requested_token",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "tokenRequest": {
         *           "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
         *           "pre-authorized_code": "eyJhbGciOiJFZERTQSJ9..."
         *         }
         *       }
         *     }
         */
        RequestedTokenEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "requested_token";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** walt.id token request */
            data: {
                /** @description The OAuth 2.0 token request the wallet sent */
                tokenRequest: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * sdjwt_issue event
         * @description An SD-JWT VC credential was issued.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "sdjwt_issue",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "sdjwt": "eyJ..."
         *       }
         *     }
         */
        SdjwtIssueEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sdjwt_issue";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** walt.id SD-JWT issuance */
            data: {
                /** @description The issued SD-JWT VC */
                sdjwt: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * jwt_issue event
         * @description A W3C JWT credential was issued.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "jwt_issue",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "jwt": "eyJ..."
         *       }
         *     }
         */
        JwtIssueEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "jwt_issue";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** walt.id JWT issuance */
            data: {
                /** @description The issued W3C credential as a JWT */
                jwt: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * generated_mdoc event
         * @description An mDoc (ISO 18013-5) credential was generated.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "generated_mdoc",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "mdoc": "a26..."
         *       }
         *     }
         */
        GeneratedMdocEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "generated_mdoc";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** walt.id mDoc generation */
            data: {
                /** @description The generated mDoc, hex-encoded CBOR */
                mdoc: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * connection:completed event
         * @description A connection is fully established.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "connection:completed",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "invitation_key": "2St9MAnpToLcnUxhfskNBYgNxzS4vzAy42kSWPF8AY9e",
         *         "invitation_msg_id": "7f7392eb-a334-43c9-bdb0-b1a109de1f91",
         *         "contact_id": null,
         *         "purpose": "invitation purpose",
         *         "discovered_features": [
         *           {
         *             "pid": "https://didcomm.org/present-proof/2.0",
         *             "roles": [
         *               "prover",
         *               "verifier"
         *             ]
         *           }
         *         ]
         *       }
         *     }
         */
        ConnectionCompletedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "connection:completed";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven completed connection */
            data: {
                /** @description The connection's id */
                connection_id: string;
                /** @description The invitation's recipient key */
                invitation_key?: string;
                /** @description The invitation message's id */
                invitation_msg_id?: string;
                /** @description Proven's contact for this connection, when linked */
                contact_id?: string | null;
                /** @description The invitation's purpose */
                purpose?: string;
                /** @description Protocols the other agent disclosed */
                discovered_features?: ({
                    /** @description Protocol id */
                    pid?: string;
                    /** @description Roles it takes */
                    roles?: string[];
                } & {
                    [key: string]: unknown;
                })[];
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * credentials:done event
         * @description An AnonCreds or JSON-LD credential was issued.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "credentials:done",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "state": "done",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
         *         "thread_id": "d92933ef-74d8-4e53-9d4a-6526feb991c5",
         *         "role": "issuer",
         *         "initiator": "self",
         *         "created_at": "2025-03-13T22:14:41.138935Z",
         *         "updated_at": "2025-03-13T22:15:02.479961Z",
         *         "credential_id": null
         *       }
         *     }
         */
        CredentialsDoneEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "credentials:done";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven issued credential */
            data: {
                /** @description The exchange's state */
                state: string;
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description This agent's role in the exchange */
                role?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description When the exchange record was created */
                created_at?: string;
                /** @description When the exchange record last changed */
                updated_at?: string;
                /** @description The credential exchange's id */
                cred_ex_id: string;
                /** @description The stored credential's id (holder side) */
                credential_id?: string | null;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * presentation:verified event
         * @description An AnonCreds or JSON-LD presentation was verified.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "presentation:verified",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "state": "done",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "pres_ex_id": "7ec0d756-58e8-402d-9688-2dc4cd48cf17",
         *         "thread_id": "00b7fe05-79a1-44a8-91bd-8f0fe47f249d",
         *         "role": "verifier",
         *         "initiator": "self",
         *         "verified": "true",
         *         "created_at": "2025-03-13T22:15:04.202161Z",
         *         "updated_at": "2025-03-13T22:15:14.343137Z"
         *       }
         *     }
         */
        PresentationVerifiedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "presentation:verified";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven verified presentation */
            data: {
                /** @description The exchange's state */
                state: string;
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description This agent's role in the exchange */
                role?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description When the exchange record was created */
                created_at?: string;
                /** @description When the exchange record last changed */
                updated_at?: string;
                /** @description The presentation exchange's id */
                pres_ex_id: string;
                /**
                 * @description The verification result, as a string
                 * @enum {string}
                 */
                verified: "true" | "false";
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * oid4vc-credential:issued event
         * @description An OID4VC credential was issued.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "oid4vc-credential:issued",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "exchange_id": "d3e347d2-e6df-45cf-bb02-27a929311260",
         *         "supported_cred_id": "413f8b60-6587-40bd-95ee-58797c3d6543",
         *         "credential_subject": {
         *           "given_name": "Alice",
         *           "family_name": "Smith",
         *           "something_nested": {
         *             "key1": {
         *               "key2": {
         *                 "key3": "something nested"
         *               }
         *             }
         *           },
         *           "source_document_type": "id_card",
         *           "age_equal_or_over": {
         *             "12": true,
         *             "14": true,
         *             "16": true,
         *             "18": true,
         *             "21": true,
         *             "65": false
         *           }
         *         },
         *         "verification_method": "did:sov:NQ6iZJjvwdMzedXHzxX1vf#key-1",
         *         "state": "issued",
         *         "issuer_id": "did:sov:NQ6iZJjvwdMzedXHzxX1vf",
         *         "code": "Naqioo54ryqIAbNbfcWYTg",
         *         "token": "eyJ0eXAiOiAiSldUIiwgImtpZCI6ICJkaWQ6c292Ok5RNmlaSmp2d2RNemVkWEh6eFgxdmYja2V5LTEiLCAiYWxnIjogIkVkRFNBIn0.eyJpZCI6ICJkM2UzNDdkMi1lNmRmLTQ1Y2YtYmIwMi0yN2E5MjkzMTEyNjAiLCAiZXhwIjogMTc0MjA3NDM2Mn0.JffFZI7MgkWyZDLckUpY75flch4HdMqIHnUh1suHAoOOjjQ0OD9nNCNChNl5uCHrWZnrxsT9nQl-npZGqGDIDA"
         *       }
         *     }
         */
        Oid4vcCredentialIssuedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "oid4vc-credential:issued";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven OID4VC issuance */
            data: {
                /** @description The OID4VCI exchange's id */
                exchange_id: string;
                /** @description The supported credential configuration's id */
                supported_cred_id?: string;
                /** @description The claims issued */
                credential_subject?: {
                    [key: string]: unknown;
                };
                /** @description The key that signed the credential */
                verification_method?: string;
                /** @description The exchange's state */
                state: string;
                /** @description The issuer's DID */
                issuer_id?: string;
                /** @description The pre-authorized code */
                code?: string;
                /** @description The access token the wallet used */
                token?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * oid4vc-presentation:verified event
         * @description An OID4VP presentation was verified.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "oid4vc-presentation:verified",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "pres_def_id": "b1c679d4-6edb-4d22-ba65-553dd7f6ef0a",
         *         "presentation_id": "28e70110-57b4-494e-b13b-aa728eac88c4",
         *         "request_id": "00f70502-0618-4b9e-af9f-e8af07f6edcd",
         *         "matched_credentials": {
         *           "ID Card": {
         *             "something_nested": {
         *               "key1": {
         *                 "key2": {
         *                   "key3": "something nested"
         *                 }
         *               }
         *             },
         *             "source_document_type": "id_card",
         *             "age_equal_or_over": {},
         *             "vct": "testCard",
         *             "iss": "did:sov:NQ6iZJjvwdMzedXHzxX1vf",
         *             "iat": 1741987962,
         *             "given_name": "Alice",
         *             "family_name": "Smith"
         *           }
         *         },
         *         "state": "presentation-valid"
         *       }
         *     }
         */
        Oid4vcPresentationVerifiedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "oid4vc-presentation:verified";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven OID4VP verification */
            data: {
                /** @description The presentation definition's id */
                pres_def_id?: string;
                /** @description The presentation's id */
                presentation_id: string;
                /** @description The presentation request's id */
                request_id?: string;
                /** @description Disclosed claims per matched input descriptor */
                matched_credentials?: {
                    [key: string]: {
                        [key: string]: unknown;
                    };
                };
                /** @description The presentation's state (presentation-valid, presentation-invalid) */
                state: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * basic-message:received event
         * @description A basic message arrived over a connection.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "basic-message:received",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "connection_id": "9775b821-be93-4980-94d9-e3deaf6698d3",
         *         "message_id": "4a977851-e5be-40fd-b3d6-3e01ae249c77",
         *         "content": "New",
         *         "state": "received",
         *         "sent_time": "2025-03-14T02:28:57.839Z",
         *         "locale": "en"
         *       }
         *     }
         */
        BasicMessageReceivedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "basic-message:received";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Proven basic message */
            data: {
                /** @description The connection it arrived on */
                connection_id: string;
                /** @description The message's id */
                message_id: string;
                /** @description The message text */
                content: string;
                /** @description Always received */
                state?: string;
                /** @description When the sender sent it */
                sent_time?: string;
                /** @description The message's language */
                locale?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.offer_sent event
         * @description A credential offer was created and delivered (QR code or credential offer endpoint).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.offer_sent",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialOfferSentEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.offer_sent";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.offer_received event
         * @description The wallet unit (holder) accessed a credential offer.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.offer_received",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialOfferReceivedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.offer_received";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.token_issued event
         * @description A token was issued during the credential issuance.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.token_issued",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialTokenIssuedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.token_issued";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.credential_issued event
         * @description The issuer issued a credential to the wallet unit (holder).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.credential_issued",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialCredentialIssuedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.credential_issued";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.credential_acked event
         * @description The wallet unit (holder) received and acknowledged the credential.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.credential_acked",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialCredentialAckedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.credential_acked";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.credential_accepted event
         * @description The wallet unit (holder) accepted the credential and stored it.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.credential_accepted",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialCredentialAcceptedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.credential_accepted";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.credential_deleted event
         * @description The wallet unit (holder) deleted the credential.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.credential_deleted",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialCredentialDeletedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.credential_deleted";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.credential.issuance_denied event
         * @description Issuance was denied: wallet unit attestation invalid or missing, proof of possession invalid, a valid credential already exists (uniqueness enforced), or authorisation failed.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.credential.issuance_denied",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        OpenidCredentialIssuanceDeniedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.credential.issuance_denied";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io credential event */
            data: {
                /** @description The credential history record (see iGrant's issue credential response) */
                credential: {
                    /** @description The credential exchange's id */
                    CredentialExchangeId?: string;
                    /** @description The credential definition's id */
                    credentialDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
                /** @description The issuing or verifying organisation */
                organisationId: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.request_sent.v3 event
         * @description A presentation request was created and delivered by QR code.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.request_sent.v3",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationRequestSentV3Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.request_sent.v3";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (v3) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.request_received.v3 event
         * @description The wallet unit (holder) accessed a presentation request.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.request_received.v3",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationRequestReceivedV3Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.request_received.v3";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (v3) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.presentation_acked.v3 event
         * @description The verifier received and acknowledged a presentation and verified it.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.presentation_acked.v3",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationPresentationAckedV3Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.presentation_acked.v3";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (v3) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.request_sent event
         * @deprecated
         * @description A presentation request was created and delivered by QR code. Deprecated: use openid.presentation.request_sent.v3.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.request_sent",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationRequestSentEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.request_sent";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (deprecated) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation?: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.request_received event
         * @deprecated
         * @description The wallet unit (holder) accessed a presentation request. Deprecated: use openid.presentation.request_received.v3.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.request_received",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationRequestReceivedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.request_received";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (deprecated) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation?: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * openid.presentation.presentation_acked event
         * @deprecated
         * @description The verifier received and acknowledged a presentation and verified it. Deprecated: use openid.presentation.presentation_acked.v3.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "openid.presentation.presentation_acked",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "organisationId": "64ec561de2f6a8000142c671",
         *         "presentation": {
         *           "presentationExchangeId": "73315f05-089f-4548-b7ba-052ce828c7d7",
         *           "presentationDefinitionId": "bd28cfc2-4938-4f47-b91a-77412676d107",
         *           "walletUnitAttestationVerified": false
         *         }
         *       }
         *     }
         */
        OpenidPresentationPresentationAckedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "openid.presentation.presentation_acked";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** iGrant.io presentation event (deprecated) */
            data: {
                /** @description The issuing or verifying organisation */
                organisationId: string;
                /** @description The verification history record (see iGrant's send verification request response) */
                presentation?: {
                    /** @description The presentation exchange's id */
                    presentationExchangeId?: string;
                    /** @description The presentation definition's id */
                    presentationDefinitionId?: string;
                    /** @description Whether the wallet unit attestation was verified */
                    walletUnitAttestationVerified?: boolean;
                } & {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * connections event
         * @description A connection record changed state (invitation, request, response, active, completed).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "connections",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "state": "active",
         *         "rfc23_state": "completed",
         *         "their_role": "inviter",
         *         "their_label": "Alice",
         *         "their_did": "did:peer:4zQmd8CpeFPci817KDsbSAKWcXAE2mjvCQSasRewvbSF54Bd",
         *         "my_did": "did:peer:4zQmfXMaGHk3UXKEjUr4nQKXPyaPnqGrhFBHP9AE4FM8zBM2",
         *         "invitation_key": "2St9MAnpToLcnUxhfskNBYgNxzS4vzAy42kSWPF8AY9e",
         *         "invitation_mode": "once",
         *         "accept": "auto",
         *         "connection_protocol": "didexchange/1.1",
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        ConnectionsEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "connections";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py connection record */
            data: {
                /** @description The connection's id */
                connection_id: string;
                /** @description Connection state: start, invitation, request, response, active, completed, abandoned, error */
                state: string;
                /** @description The DID Exchange (RFC 0023) state, e.g. invitation-received, completed */
                rfc23_state?: string;
                /**
                 * @description The other agent's role
                 * @enum {string}
                 */
                their_role?: "invitee" | "requester" | "inviter" | "responder";
                /** @description The other agent's label */
                their_label?: string;
                /** @description The other agent's DID */
                their_did?: string;
                /** @description This agent's DID on the connection */
                my_did?: string;
                /** @description The other agent's public DID, when it used one */
                their_public_did?: string;
                /** @description The invitation's recipient key */
                invitation_key?: string;
                /** @description The invitation message's id */
                invitation_msg_id?: string;
                /**
                 * @description How often the invitation may be used
                 * @enum {string}
                 */
                invitation_mode?: "once" | "multi" | "static";
                /**
                 * @description Whether requests are accepted automatically
                 * @enum {string}
                 */
                accept?: "manual" | "auto";
                /** @description A local alias */
                alias?: string;
                /** @description connections/1.0 or didexchange/1.x */
                connection_protocol?: string;
                /** @description Why the connection failed, when it did */
                error_msg?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * out_of_band event
         * @description An out-of-band record changed state (invitation created, received, reused or done).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "out_of_band",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "oob_id": "a1f3c6b1-7fd4-4b0e-b4a2-9f2d3c1e5a10",
         *         "state": "await-response",
         *         "invi_msg_id": "86e3dafc-74cd-4c6b-b530-c1e85be99b38",
         *         "invitation": {
         *           "@type": "https://didcomm.org/out-of-band/1.1/invitation",
         *           "@id": "86e3dafc-74cd-4c6b-b530-c1e85be99b38",
         *           "label": "Alice",
         *           "handshake_protocols": [
         *             "https://didcomm.org/didexchange/1.1"
         *           ],
         *           "services": [
         *             "did:peer:2.Vz6Mkq...#didcomm-0"
         *           ]
         *         },
         *         "role": "sender",
         *         "multi_use": false,
         *         "trace": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        OutOfBandEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "out_of_band";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py out-of-band record */
            data: {
                /** @description The out-of-band record's id */
                oob_id: string;
                /** @description initial, prepare-response, await-response, reuse-not-accepted, reuse-accepted, done or deleted */
                state: string;
                /** @description The invitation message's id */
                invi_msg_id?: string;
                /** @description The out-of-band invitation message */
                invitation?: {
                    [key: string]: unknown;
                };
                /** @description The connection made from it, once there is one */
                connection_id?: string | null;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "sender" | "receiver";
                /** @description Whether the invitation may be used more than once */
                multi_use?: boolean;
                /** @description This agent's recipient key for the invitation */
                our_recipient_key?: string;
                /** @description Thread id of an attached request */
                attach_thread_id?: string;
                /** @description Whether tracing is on */
                trace?: boolean;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * basicmessages event
         * @description A basic message arrived over a connection.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "basicmessages",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "message_id": "cd4ea8cb-be71-4fc9-84c0-ef552fce899e",
         *         "content": "Hi Bob",
         *         "state": "received",
         *         "sent_time": "2025-03-14T02:28:57.839Z"
         *       }
         *     }
         */
        BasicmessagesEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "basicmessages";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py basic message */
            data: {
                /** @description The connection it arrived on */
                connection_id: string;
                /** @description The message's id */
                message_id: string;
                /** @description The message text */
                content: string;
                /** @description Always received */
                state?: string;
                /** @description When the sender sent it */
                sent_time?: string;
                /** @description The message's language, when given */
                locale?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * ping event
         * @description A trust ping arrived, or the answer to one (with --monitor-ping).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "ping",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "comment": "ping",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "responded": true,
         *         "state": "received",
         *         "thread_id": "6d207908-4adb-4ff3-b2ac-e9b4086fc08d"
         *       }
         *     }
         */
        PingEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ping";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py trust ping */
            data: {
                /** @description The ping's comment */
                comment?: string | null;
                /** @description The connection it arrived on */
                connection_id?: string | null;
                /** @description Whether this agent answered it */
                responded?: boolean;
                /**
                 * @description A ping or the answer to one
                 * @enum {string}
                 */
                state: "received" | "response_received";
                /** @description The ping's thread id */
                thread_id: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * problem_report event
         * @description The other agent sent a problem report (RFC 0035); the message as received.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "problem_report",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "@type": "https://didcomm.org/notification/1.0/problem-report",
         *         "@id": "5bc63af2-3261-4ded-aaba-255be79fd4b8",
         *         "~thread": {
         *           "thid": "b7e0ee42-02cb-41a3-ad3d-0ba81e3e767f"
         *         },
         *         "description": {
         *           "en": "My age is wrong",
         *           "code": "issuance-abandoned"
         *         }
         *       }
         *     }
         */
        ProblemReportEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "problem_report";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py problem report */
            data: {
                /** @description DIDComm message type */
                "@type": string;
                /** @description The message's id */
                "@id"?: string;
                /** @description Thread decorator */
                "~thread"?: {
                    /** @description The thread the problem is about */
                    thid?: string;
                } & {
                    [key: string]: unknown;
                };
                /** @description What went wrong */
                description?: {
                    /** @description Human-readable text */
                    en?: string;
                    /** @description Problem code */
                    code?: string;
                } & {
                    [key: string]: unknown;
                };
                /** @description Human-readable text (older agents) */
                "explain-ltxt"?: string;
                /** @description The connection it arrived on */
                connection_id?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * discover_feature event
         * @description A discover-features 1.0 exchange changed (query sent, disclosure received).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "discover_feature",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "discovery_exchange_id": "3f6a4b83-5a8c-4c0a-a9a3-2f9f0b5d7e11",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "6e2f6f4a-8b83-4a3c-9c5e-0b2b1c7d8e9f",
         *         "query_msg": {
         *           "@type": "https://didcomm.org/discover-features/1.0/query",
         *           "query": "*"
         *         },
         *         "disclose": {
         *           "@type": "https://didcomm.org/discover-features/1.0/disclose",
         *           "protocols": [
         *             {
         *               "pid": "https://didcomm.org/present-proof/2.0",
         *               "roles": [
         *                 "prover",
         *                 "verifier"
         *               ]
         *             }
         *           ]
         *         },
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        DiscoverFeatureEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "discover_feature";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py discover-features 1.0 record */
            data: {
                /** @description The exchange's id */
                discovery_exchange_id: string;
                /** @description The connection it runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description The query message */
                query_msg?: {
                    [key: string]: unknown;
                };
                /** @description The disclose message, once received */
                disclose?: {
                    [key: string]: unknown;
                };
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * discover_feature_v2_0 event
         * @description A discover-features 2.0 exchange changed (queries sent, disclosures received).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "discover_feature_v2_0",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "discovery_exchange_id": "9b1e0f9e-2f1c-4a7a-8a0c-3d2e1f0a9b8c",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
         *         "queries_msg": {
         *           "@type": "https://didcomm.org/discover-features/2.0/queries",
         *           "queries": [
         *             {
         *               "feature-type": "protocol",
         *               "match": "*"
         *             }
         *           ]
         *         },
         *         "disclosures": {
         *           "@type": "https://didcomm.org/discover-features/2.0/disclosures",
         *           "disclosures": [
         *             {
         *               "feature-type": "protocol",
         *               "id": "https://didcomm.org/issue-credential/2.0",
         *               "roles": [
         *                 "holder",
         *                 "issuer"
         *               ]
         *             }
         *           ]
         *         },
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        DiscoverFeatureV20Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "discover_feature_v2_0";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py discover-features 2.0 record */
            data: {
                /** @description The exchange's id */
                discovery_exchange_id: string;
                /** @description The connection it runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description The queries message */
                queries_msg?: {
                    [key: string]: unknown;
                };
                /** @description The disclosures message, once received */
                disclosures?: {
                    [key: string]: unknown;
                };
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * mediation event
         * @description A mediation record changed state (requested, granted, denied).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "mediation",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "mediation_id": "b7a0c1d2-e3f4-4a5b-8c6d-7e8f9a0b1c2d",
         *         "state": "granted",
         *         "role": "client",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "mediator_terms": [],
         *         "recipient_terms": [],
         *         "routing_keys": [
         *           "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"
         *         ],
         *         "endpoint": "https://mediator.example.com",
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        MediationEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "mediation";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py mediation record */
            data: {
                /** @description The mediation record's id */
                mediation_id: string;
                /** @description request, granted or denied */
                state: string;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "server" | "client";
                /** @description The connection to the mediator or client */
                connection_id?: string;
                /** @description The mediator's terms */
                mediator_terms?: string[];
                /** @description The recipient's terms */
                recipient_terms?: string[];
                /** @description Keys to route through the mediator */
                routing_keys?: string[];
                /** @description The mediator's endpoint */
                endpoint?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * issue_credential event
         * @description An issue-credential 1.0 exchange record changed state.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "issue_credential",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "credential_exchange_id": "9e9d171d-c699-4bd5-8a0b-9f798eebc2cc",
         *         "state": "offer_sent",
         *         "role": "issuer",
         *         "initiator": "self",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "4076cdee-8181-46cc-89b3-4d35e7eebd3f",
         *         "schema_id": "717CTkVDFaxxM9ShojzkDN:2:ForBob:1.0",
         *         "credential_definition_id": "717CTkVDFaxxM9ShojzkDN:3:CL:637:tag",
         *         "auto_offer": false,
         *         "auto_issue": false,
         *         "auto_remove": false,
         *         "trace": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        IssueCredentialEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "issue_credential";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py issue-credential 1.0 record */
            data: {
                /** @description The exchange's id */
                credential_exchange_id: string;
                /** @description Exchange state: proposal_sent, proposal_received, offer_sent, offer_received, request_sent, request_received, credential_issued, credential_received, credential_acked, credential_revoked, abandoned */
                state: string;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "issuer" | "holder";
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description Parent thread id, when started from an out-of-band invitation */
                parent_thread_id?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description Whether the record is removed when the exchange completes */
                auto_remove?: boolean;
                /** @description Why the exchange failed, when it did */
                error_msg?: string;
                /** @description Whether tracing is on */
                trace?: boolean;
                /** @description The credential's schema id */
                schema_id?: string;
                /** @description The credential definition's id */
                credential_definition_id?: string;
                /** @description The proposal message */
                credential_proposal_dict?: {
                    [key: string]: unknown;
                };
                /** @description The offer message */
                credential_offer_dict?: {
                    [key: string]: unknown;
                };
                /** @description The AnonCreds offer */
                credential_offer?: {
                    [key: string]: unknown;
                };
                /** @description The AnonCreds request */
                credential_request?: {
                    [key: string]: unknown;
                };
                /** @description The issued credential */
                credential?: {
                    [key: string]: unknown;
                };
                /** @description The stored credential's id (holder side) */
                credential_id?: string;
                /** @description The revocation registry's id */
                revoc_reg_id?: string;
                /** @description The credential's index in the revocation registry */
                revocation_id?: string;
                /** @description Whether an offer answers a proposal automatically */
                auto_offer?: boolean;
                /** @description Whether a request is answered with the credential automatically */
                auto_issue?: boolean;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * issue_credential_v2_0 event
         * @description An issue-credential 2.0 exchange record changed state.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "issue_credential_v2_0",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
         *         "state": "done",
         *         "role": "issuer",
         *         "initiator": "self",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "d92933ef-74d8-4e53-9d4a-6526feb991c5",
         *         "cred_preview": {
         *           "@type": "https://didcomm.org/issue-credential/2.0/credential-preview",
         *           "attributes": [
         *             {
         *               "name": "name",
         *               "value": "Alice"
         *             },
         *             {
         *               "name": "age",
         *               "value": "30"
         *             }
         *           ]
         *         },
         *         "auto_offer": false,
         *         "auto_issue": true,
         *         "auto_remove": false,
         *         "trace": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        IssueCredentialV20Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "issue_credential_v2_0";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py issue-credential 2.0 record */
            data: {
                /** @description The exchange's id */
                cred_ex_id: string;
                /** @description Exchange state: proposal-sent, proposal-received, offer-sent, offer-received, request-sent, request-received, credential-issued, credential-received, done, credential-revoked, abandoned, deleted */
                state: string;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "issuer" | "holder";
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description Parent thread id, when started from an out-of-band invitation */
                parent_thread_id?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description Whether the record is removed when the exchange completes */
                auto_remove?: boolean;
                /** @description Why the exchange failed, when it did */
                error_msg?: string;
                /** @description Whether tracing is on */
                trace?: boolean;
                /** @description The credential preview (attributes) */
                cred_preview?: {
                    [key: string]: unknown;
                };
                /** @description The proposal message */
                cred_proposal?: {
                    [key: string]: unknown;
                };
                /** @description The offer message */
                cred_offer?: {
                    [key: string]: unknown;
                };
                /** @description The request message */
                cred_request?: {
                    [key: string]: unknown;
                };
                /** @description The issue message */
                cred_issue?: {
                    [key: string]: unknown;
                };
                /** @description The exchange's messages by credential format (indy, ld_proof, anoncreds, vc_di) */
                by_format?: {
                    [key: string]: unknown;
                };
                /** @description Whether an offer answers a proposal automatically */
                auto_offer?: boolean;
                /** @description Whether a request is answered with the credential automatically */
                auto_issue?: boolean;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * issue_credential_v2_0_indy event
         * @description The Indy (AnonCreds) detail of an issue-credential 2.0 exchange changed.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "issue_credential_v2_0_indy",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "cred_ex_indy_id": "1b5a2f0c-3d4e-4f5a-9b6c-7d8e9f0a1b2c",
         *         "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
         *         "rev_reg_id": "717CTkVDFaxxM9ShojzkDN:4:717CTkVDFaxxM9ShojzkDN:3:CL:637:tag:CL_ACCUM:e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "cred_rev_id": "1",
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        IssueCredentialV20IndyEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "issue_credential_v2_0_indy";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py issue-credential 2.0 Indy detail */
            data: {
                /** @description The detail record's id */
                cred_ex_indy_id?: string;
                /** @description The exchange it belongs to */
                cred_ex_id: string;
                /** @description The stored credential's id (holder side) */
                cred_id_stored?: string;
                /** @description The credential request's metadata */
                cred_request_metadata?: {
                    [key: string]: unknown;
                };
                /** @description The revocation registry's id */
                rev_reg_id?: string;
                /** @description The credential's index in the revocation registry */
                cred_rev_id?: string;
                /** @description The detail record's state */
                state?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * issue_credential_v2_0_ld_proof event
         * @description The JSON-LD detail of an issue-credential 2.0 exchange changed.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "issue_credential_v2_0_ld_proof",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "cred_ex_ld_proof_id": "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f",
         *         "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
         *         "cred_id_stored": "c0d1e2f3-a4b5-4c6d-9e7f-8a9b0c1d2e3f",
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        IssueCredentialV20LdProofEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "issue_credential_v2_0_ld_proof";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py issue-credential 2.0 LD proof detail */
            data: {
                /** @description The detail record's id */
                cred_ex_ld_proof_id?: string;
                /** @description The exchange it belongs to */
                cred_ex_id: string;
                /** @description The stored credential's id (holder side) */
                cred_id_stored?: string;
                /** @description The detail record's state */
                state?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * present_proof event
         * @description A present-proof 1.0 exchange record changed state.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "present_proof",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "presentation_exchange_id": "0068f8a9-978d-4f11-a5d8-c7d7ae6a7c9e",
         *         "state": "verified",
         *         "role": "verifier",
         *         "initiator": "self",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "2cc2be47-4e74-429d-9713-4bf8bea13d36",
         *         "verified": "true",
         *         "auto_present": false,
         *         "trace": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        PresentProofEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "present_proof";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py present-proof 1.0 record */
            data: {
                /** @description The exchange's id */
                presentation_exchange_id: string;
                /** @description Exchange state: proposal_sent, proposal_received, request_sent, request_received, presentation_sent, presentation_received, verified, presentation_acked, abandoned */
                state: string;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "prover" | "verifier";
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description Parent thread id, when started from an out-of-band invitation */
                parent_thread_id?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description Whether the record is removed when the exchange completes */
                auto_remove?: boolean;
                /** @description Why the exchange failed, when it did */
                error_msg?: string;
                /** @description Whether tracing is on */
                trace?: boolean;
                /** @description The proposal message */
                presentation_proposal_dict?: {
                    [key: string]: unknown;
                };
                /** @description The AnonCreds proof request */
                presentation_request?: {
                    [key: string]: unknown;
                };
                /** @description The request message */
                presentation_request_dict?: {
                    [key: string]: unknown;
                };
                /** @description The AnonCreds presentation */
                presentation?: {
                    [key: string]: unknown;
                };
                /**
                 * @description The verification result, as a string
                 * @enum {string}
                 */
                verified?: "true" | "false";
                /** @description Why verification gave its result */
                verified_msgs?: string[];
                /** @description Whether a request is answered automatically */
                auto_present?: boolean;
                /** @description Whether a presentation is verified automatically */
                auto_verify?: boolean;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * present_proof_v2_0 event
         * @description A present-proof 2.0 exchange record changed state.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "present_proof_v2_0",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "pres_ex_id": "7ec0d756-58e8-402d-9688-2dc4cd48cf17",
         *         "state": "done",
         *         "role": "verifier",
         *         "initiator": "self",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "00b7fe05-79a1-44a8-91bd-8f0fe47f249d",
         *         "verified": "true",
         *         "verified_msgs": [],
         *         "auto_present": false,
         *         "auto_verify": true,
         *         "auto_remove": false,
         *         "trace": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        PresentProofV20Event: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "present_proof_v2_0";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py present-proof 2.0 record */
            data: {
                /** @description The exchange's id */
                pres_ex_id: string;
                /** @description Exchange state: proposal-sent, proposal-received, request-sent, request-received, presentation-sent, presentation-received, done, abandoned, deleted */
                state: string;
                /**
                 * @description This agent's role
                 * @enum {string}
                 */
                role?: "prover" | "verifier";
                /** @description The connection the exchange runs over */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description Parent thread id, when started from an out-of-band invitation */
                parent_thread_id?: string;
                /**
                 * @description Who started the exchange
                 * @enum {string}
                 */
                initiator?: "self" | "external";
                /** @description Whether the record is removed when the exchange completes */
                auto_remove?: boolean;
                /** @description Why the exchange failed, when it did */
                error_msg?: string;
                /** @description Whether tracing is on */
                trace?: boolean;
                /** @description The proposal message */
                pres_proposal?: {
                    [key: string]: unknown;
                };
                /** @description The request message */
                pres_request?: {
                    [key: string]: unknown;
                };
                /** @description The presentation message */
                pres?: {
                    [key: string]: unknown;
                };
                /** @description The exchange's messages by proof format (indy, dif, anoncreds) */
                by_format?: {
                    [key: string]: unknown;
                };
                /**
                 * @description The verification result, as a string
                 * @enum {string}
                 */
                verified?: "true" | "false";
                /** @description Why verification gave its result */
                verified_msgs?: string[];
                /** @description Whether a request is answered automatically */
                auto_present?: boolean;
                /** @description Whether a presentation is verified automatically */
                auto_verify?: boolean;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * revocation_registry event
         * @description An issuer's revocation registry record changed state (init, generated, posted, active, full, decommissioned).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "revocation_registry",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "record_id": "e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "state": "active",
         *         "revoc_reg_id": "717CTkVDFaxxM9ShojzkDN:4:717CTkVDFaxxM9ShojzkDN:3:CL:637:tag:CL_ACCUM:e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "cred_def_id": "717CTkVDFaxxM9ShojzkDN:3:CL:637:tag",
         *         "issuer_did": "717CTkVDFaxxM9ShojzkDN",
         *         "max_cred_num": 1000,
         *         "revoc_def_type": "CL_ACCUM",
         *         "tag": "e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "tails_hash": "Fc4nZpow5gVhWHXkKHCtxX85pPmtmUDzTWxkYvoouhM5",
         *         "tails_public_uri": "https://tails.example.com/717CTkVDFaxxM9ShojzkDN:4:717CTkVDFaxxM9ShojzkDN:3:CL:637:tag:CL_ACCUM:e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "pending_pub": [],
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        RevocationRegistryEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "revocation_registry";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py revocation registry record */
            data: {
                /** @description The registry record's id */
                record_id: string;
                /** @description init, generated, posted, active, full or decommissioned */
                state: string;
                /** @description The revocation registry's id */
                revoc_reg_id?: string;
                /** @description The credential definition it serves */
                cred_def_id?: string;
                /** @description The issuer's DID */
                issuer_did?: string;
                /** @description How many credentials it holds */
                max_cred_num?: number;
                /** @description Registry type, CL_ACCUM */
                revoc_def_type?: string;
                /** @description The registry's tag */
                tag?: string;
                /** @description Hash of the tails file */
                tails_hash?: string;
                /** @description Where the tails file is on the agent */
                tails_local_path?: string;
                /** @description Where the tails file is published */
                tails_public_uri?: string;
                /** @description Revocations not yet published */
                pending_pub?: string[];
                /** @description The registry definition */
                revoc_reg_def?: {
                    [key: string]: unknown;
                };
                /** @description The registry's current entry */
                revoc_reg_entry?: {
                    [key: string]: unknown;
                };
                /** @description Why the registry failed, when it did */
                error_msg?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * issuer_cred_rev event
         * @description An issued credential's revocation record changed (issued, revoked).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "issuer_cred_rev",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "record_id": "a2c1762d-2799-4299-bdcd-a09ce41062e0",
         *         "state": "issued",
         *         "cred_ex_id": "74643748-d7ce-43d2-9c4a-5c02cd7bae98",
         *         "cred_ex_version": "2",
         *         "rev_reg_id": "717CTkVDFaxxM9ShojzkDN:4:717CTkVDFaxxM9ShojzkDN:3:CL:637:tag:CL_ACCUM:e21b66ea-5cba-42df-9234-8ff8ce937e30",
         *         "cred_def_id": "717CTkVDFaxxM9ShojzkDN:3:CL:637:tag",
         *         "cred_rev_id": "1",
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        IssuerCredRevEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "issuer_cred_rev";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py issuer credential revocation record */
            data: {
                /** @description The record's id */
                record_id: string;
                /**
                 * @description Whether the credential is revoked
                 * @enum {string}
                 */
                state: "issued" | "revoked";
                /** @description The credential exchange it came from */
                cred_ex_id?: string;
                /** @description The issue-credential protocol version, 1 or 2 */
                cred_ex_version?: string;
                /** @description The revocation registry's id */
                rev_reg_id?: string;
                /** @description The credential definition's id */
                cred_def_id?: string;
                /** @description The credential's index in the revocation registry */
                cred_rev_id?: string;
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * endorse_transaction event
         * @description A ledger transaction endorsement record changed state (author and endorser sides).
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "endorse_transaction",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "transaction_id": "3b9c2f1e-7d6a-4e5b-8c9d-0e1f2a3b4c5d",
         *         "state": "transaction_endorsed",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "thread_id": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
         *         "_type": "http://didcomm.org/sign-attachment/%VER/signature-request",
         *         "endorser_write_txn": false,
         *         "created_at": "2025-03-13 22:14:41.138935Z",
         *         "updated_at": "2025-03-13 22:15:02.479961Z"
         *       }
         *     }
         */
        EndorseTransactionEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "endorse_transaction";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** ACA-Py endorsement transaction record */
            data: {
                /** @description The transaction record's id */
                transaction_id: string;
                /** @description init, transaction_created, request_sent, request_received, transaction_endorsed, transaction_refused, transaction_resent, transaction_cancelled or transaction_acked */
                state: string;
                /** @description The connection to the endorser or author */
                connection_id?: string;
                /** @description DIDComm thread id */
                thread_id?: string;
                /** @description The transaction message type */
                _type?: string;
                /** @description A comment */
                comment?: string;
                /** @description The transaction as attachments */
                messages_attach?: {
                    [key: string]: unknown;
                }[];
                /** @description Signature requests */
                signature_request?: {
                    [key: string]: unknown;
                }[];
                /** @description Signature responses */
                signature_response?: {
                    [key: string]: unknown;
                }[];
                /** @description Expiry of the request */
                timing?: {
                    [key: string]: unknown;
                };
                /** @description Attachment formats */
                formats?: {
                    [key: string]: unknown;
                }[];
                /** @description Whether the endorser writes the transaction to the ledger */
                endorser_write_txn?: boolean;
                /** @description What the transaction is for (context, processing) */
                meta_data?: {
                    [key: string]: unknown;
                };
                /** @description When the record was created */
                created_at?: string;
                /** @description When the record last changed */
                updated_at?: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * herald.delivery.exhausted event
         * @description A delivery used up its retry schedule and is now failed; it can still be retried through the API.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "herald.delivery.exhausted",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "deliveryId": "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
         *         "eventId": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *         "eventType": "openid.credential.credential_issued",
         *         "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *         "attempts": 8,
         *         "lastStatusCode": 503,
         *         "lastError": null
         *       }
         *     }
         */
        HeraldDeliveryExhaustedEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "herald.delivery.exhausted";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Herald exhausted delivery */
            data: {
                /** @description The failed delivery */
                deliveryId: string;
                /** @description The event it carried */
                eventId: string;
                /** @description That event's type */
                eventType: string;
                /** @description The webhook it was for */
                webhookId: string;
                /** @description How many attempts were made */
                attempts: number;
                /** @description The receiver's last HTTP status, null when it never answered */
                lastStatusCode: number | null;
                /** @description The last attempt's error (timeout, connection refused, ...), null when the receiver answered */
                lastError: string | null;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * herald.webhook.disabled event
         * @description A webhook was disabled (410 Gone, a webhook-delivery: disable answer, or failing for too long); sent to the global webhooks.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "herald.webhook.disabled",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *         "reason": "Every delivery failed for 120 hours"
         *       }
         *     }
         */
        HeraldWebhookDisabledEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "herald.webhook.disabled";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Herald disabled webhook */
            data: {
                /** @description The disabled webhook */
                webhookId: string;
                /** @description Why it was disabled */
                reason: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * herald.event.conflict event
         * @description Two submissions of one event id with different bodies raced (both answered 202 before either was stored): the first stored is the event and was delivered; this one was not. Filed in the wallet's event log.
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "type": "herald.event.conflict",
         *       "timestamp": "2026-01-01T00:00:00.000Z",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "data": {
         *         "eventId": "order-1842",
         *         "storedBodyHash": "9f2c1b7e4a0d3c6e8b5f1a2d4c7e9b0a3f6d8c1e5b2a7d4f9c0e3b6a8d1f4c7e",
         *         "rejectedBodyHash": "1a4d7c0f3b6e9a2d5c8f1b4e7a0d3c6f9b2e5a8d1c4f7b0e3a6d9c2f5b8e1a4d",
         *         "rejected": {
         *           "type": "openid.credential.offer_sent",
         *           "data": {
         *             "offerId": "o-2"
         *           },
         *           "channels": [],
         *           "subject": null,
         *           "expiresAt": null
         *         }
         *       }
         *     }
         */
        HeraldEventConflictEvent: {
            /** @description The event's id (the same in every format) */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "herald.event.conflict";
            /**
             * Format: date-time
             * @description When Herald took the event
             */
            timestamp: string;
            /** @description The wallet the event belongs to */
            walletId: string;
            /** Herald event conflict */
            data: {
                /** @description The event id both submissions used */
                eventId: string;
                /** @description SHA-256 (hex) of the canonical body that was stored and delivered */
                storedBodyHash: string;
                /** @description SHA-256 (hex) of the canonical body that was not */
                rejectedBodyHash: string;
                /** @description The submission that was not stored (without its notify target) */
                rejected: {
                    /** @description Its event type */
                    type: string;
                    /** @description Its data */
                    data: Record<string, never>;
                    /** @description Its channels */
                    channels: string[];
                    /** @description Its subject */
                    subject: string | null;
                    /** @description Its expiry */
                    expiresAt: string | null;
                };
            } & {
                [key: string]: unknown;
            };
        };
        /** @description The standard-format body of any catalog event, discriminated by `type` */
        HeraldEvent: components["schemas"]["ConnectionUpdatedEvent"] | components["schemas"]["IssueCredentialRecordUpdatedEvent"] | components["schemas"]["PresentationUpdatedEvent"] | components["schemas"]["DIDStatusUpdatedEvent"] | components["schemas"]["ResolvedCredentialOfferEvent"] | components["schemas"]["RequestedTokenEvent"] | components["schemas"]["SdjwtIssueEvent"] | components["schemas"]["JwtIssueEvent"] | components["schemas"]["GeneratedMdocEvent"] | components["schemas"]["ConnectionCompletedEvent"] | components["schemas"]["CredentialsDoneEvent"] | components["schemas"]["PresentationVerifiedEvent"] | components["schemas"]["Oid4vcCredentialIssuedEvent"] | components["schemas"]["Oid4vcPresentationVerifiedEvent"] | components["schemas"]["BasicMessageReceivedEvent"] | components["schemas"]["OpenidCredentialOfferSentEvent"] | components["schemas"]["OpenidCredentialOfferReceivedEvent"] | components["schemas"]["OpenidCredentialTokenIssuedEvent"] | components["schemas"]["OpenidCredentialCredentialIssuedEvent"] | components["schemas"]["OpenidCredentialCredentialAckedEvent"] | components["schemas"]["OpenidCredentialCredentialAcceptedEvent"] | components["schemas"]["OpenidCredentialCredentialDeletedEvent"] | components["schemas"]["OpenidCredentialIssuanceDeniedEvent"] | components["schemas"]["OpenidPresentationRequestSentV3Event"] | components["schemas"]["OpenidPresentationRequestReceivedV3Event"] | components["schemas"]["OpenidPresentationPresentationAckedV3Event"] | components["schemas"]["OpenidPresentationRequestSentEvent"] | components["schemas"]["OpenidPresentationRequestReceivedEvent"] | components["schemas"]["OpenidPresentationPresentationAckedEvent"] | components["schemas"]["ConnectionsEvent"] | components["schemas"]["OutOfBandEvent"] | components["schemas"]["BasicmessagesEvent"] | components["schemas"]["PingEvent"] | components["schemas"]["ProblemReportEvent"] | components["schemas"]["DiscoverFeatureEvent"] | components["schemas"]["DiscoverFeatureV20Event"] | components["schemas"]["MediationEvent"] | components["schemas"]["IssueCredentialEvent"] | components["schemas"]["IssueCredentialV20Event"] | components["schemas"]["IssueCredentialV20IndyEvent"] | components["schemas"]["IssueCredentialV20LdProofEvent"] | components["schemas"]["PresentProofEvent"] | components["schemas"]["PresentProofV20Event"] | components["schemas"]["RevocationRegistryEvent"] | components["schemas"]["IssuerCredRevEvent"] | components["schemas"]["EndorseTransactionEvent"] | components["schemas"]["HeraldDeliveryExhaustedEvent"] | components["schemas"]["HeraldWebhookDisabledEvent"] | components["schemas"]["HeraldEventConflictEvent"];
        /**
         * @example {
         *       "status": "ok",
         *       "service": "herald",
         *       "version": "0.1.0"
         *     }
         */
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @enum {string} */
            service: "herald";
            version: string;
        };
        /**
         * @example {
         *       "@context": [
         *         "https://www.w3.org/ns/did/v1"
         *       ],
         *       "id": "did:web:herald.example.com",
         *       "service": [
         *         {
         *           "id": "did:web:herald.example.com#api",
         *           "type": "HeraldWebhooks",
         *           "serviceEndpoint": "https://herald.example.com/v1"
         *         }
         *       ]
         *     }
         */
        ServiceDidDocument: {
            "@context": string[];
            /** @example did:web:herald.example.com */
            id: string;
            service: {
                id: string;
                type: string;
                serviceEndpoint: string;
            }[];
        };
        /**
         * @example {
         *       "@context": [
         *         "https://www.w3.org/ns/did/v1",
         *         "https://w3id.org/security/suites/jws-2020/v1",
         *         "https://w3id.org/security/suites/ed25519-2020/v1"
         *       ],
         *       "id": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "verificationMethod": [
         *         {
         *           "id": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *           "type": "JsonWebKey2020",
         *           "controller": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *           "publicKeyJwk": {
         *             "kty": "OKP",
         *             "crv": "Ed25519",
         *             "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
         *           }
         *         },
         *         {
         *           "id": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw",
         *           "type": "Ed25519VerificationKey2020",
         *           "controller": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *           "publicKeyMultibase": "z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
         *         }
         *       ],
         *       "assertionMethod": [
         *         "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *         "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
         *       ],
         *       "authentication": [
         *         "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *         "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
         *       ]
         *     }
         */
        WalletDidDocument: {
            "@context": string[];
            /** @example did:web:herald.example.com:wallets:0193… */
            id: string;
            verificationMethod: components["schemas"]["VerificationMethod"][];
            assertionMethod: string[];
            authentication: string[];
        };
        VerificationMethod: {
            /** @example did:web:herald.example.com:wallets:0193…#3q2-… */
            id: string;
            /** @enum {string} */
            type: "JsonWebKey2020" | "Ed25519VerificationKey2020";
            controller: string;
            publicKeyJwk?: components["schemas"]["Ed25519Jwk"];
            /** @example z6Mk… */
            publicKeyMultibase?: string;
        };
        Ed25519Jwk: {
            /** @enum {string} */
            kty: "OKP";
            /** @enum {string} */
            crv: "Ed25519";
            x: string;
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            instance?: string;
            requestId?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        /**
         * @example {
         *       "keys": [
         *         {
         *           "kty": "OKP",
         *           "crv": "Ed25519",
         *           "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
         *           "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *           "use": "sig",
         *           "alg": "EdDSA"
         *         }
         *       ]
         *     }
         */
        Jwks: {
            keys: (components["schemas"]["Ed25519Jwk"] & {
                kid: string;
                /** @enum {string} */
                use: "sig";
                /** @enum {string} */
                alg: "EdDSA";
            })[];
        };
        /**
         * @example {
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "did": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "keys": [
         *         {
         *           "kid": "QK4DXvMnZpulRAXVPrfKqzm-5YKuVtEORZvJxTiAn0Y",
         *           "keyId": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#QK4DXvMnZpulRAXVPrfKqzm-5YKuVtEORZvJxTiAn0Y",
         *           "status": "current",
         *           "createdAt": "2026-01-02T09:00:00.000Z",
         *           "expiresAt": null
         *         },
         *         {
         *           "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *           "keyId": "did:web:herald.example.com:wallets:0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e#kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
         *           "status": "previous",
         *           "createdAt": "2026-01-01T09:00:00.000Z",
         *           "expiresAt": "2026-01-03T09:00:00.000Z"
         *         }
         *       ]
         *     }
         */
        SigningKeys: {
            walletId: string;
            /** @example did:web:herald.example.com:wallets:0193… */
            did: string;
            keys: {
                /** @description JWK thumbprint (RFC 7638), the JWKS kid */
                kid: string;
                /** @description The DID URL deliveries carry in webhook-key-id */
                keyId: string;
                /** @enum {string} */
                status: "current" | "previous";
                createdAt: string;
                /** @description A previous key signs (and is published) until then */
                expiresAt: string | null;
            }[];
        };
        /**
         * @example {
         *       "id": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "name": "Acme issuer",
         *       "createdAt": "2026-01-01T09:00:00.000Z",
         *       "apiKey": "hwk_Jq8sV2mXcR4tLw9bN6yPzA1dE5fG7hK3"
         *     }
         */
        CreatedWallet: components["schemas"]["Wallet"] & {
            /** @description Shown once; Herald stores only its hash */
            apiKey: string;
        };
        /**
         * @example {
         *       "id": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "name": "Acme issuer",
         *       "createdAt": "2026-01-01T09:00:00.000Z"
         *     }
         */
        Wallet: {
            id: string;
            name: string;
            createdAt: string;
        };
        /**
         * @example {
         *       "name": "Acme issuer"
         *     }
         */
        CreateWallet: {
            /** @example Acme issuer */
            name: string;
            /**
             * Format: uuid
             * @description Choose the wallet id (Identus wallets keep theirs)
             */
            id?: string;
        };
        /**
         * @example {
         *       "id": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "name": "Acme issuer",
         *       "limits": {
         *         "webhooks": 250,
         *         "eventTypes": 200,
         *         "notifyUrlsPerDay": 1000,
         *         "ingestPerSecond": 500,
         *         "ingestBurst": 500,
         *         "testSendsPerMinute": 10,
         *         "doctorRunsPerMinute": 6,
         *         "recoversPerHour": 20,
         *         "streamListeners": 20,
         *         "attemptExcerptBytes": 16384
         *       },
         *       "overrides": {
         *         "ingestPerSecond": 500,
         *         "webhooks": 250
         *       },
         *       "defaults": {
         *         "webhooks": 100,
         *         "eventTypes": 200,
         *         "notifyUrlsPerDay": 1000,
         *         "ingestPerSecond": 100,
         *         "ingestBurst": 200,
         *         "testSendsPerMinute": 10,
         *         "doctorRunsPerMinute": 6,
         *         "recoversPerHour": 20,
         *         "streamListeners": 20,
         *         "attemptExcerptBytes": 16384
         *       }
         *     }
         */
        WalletWithLimits: {
            id: string;
            name: string;
            limits: components["schemas"]["WalletLimits"];
            overrides: {
                webhooks?: number;
                eventTypes?: number;
                notifyUrlsPerDay?: number;
                ingestPerSecond?: number;
                ingestBurst?: number;
                testSendsPerMinute?: number;
                doctorRunsPerMinute?: number;
                recoversPerHour?: number;
                streamListeners?: number;
                attemptExcerptBytes?: number;
            };
            defaults: components["schemas"]["WalletLimits"];
        };
        /**
         * @example {
         *       "webhooks": 100,
         *       "eventTypes": 200,
         *       "notifyUrlsPerDay": 1000,
         *       "ingestPerSecond": 100,
         *       "ingestBurst": 200,
         *       "testSendsPerMinute": 10,
         *       "doctorRunsPerMinute": 6,
         *       "recoversPerHour": 20,
         *       "streamListeners": 20,
         *       "attemptExcerptBytes": 16384
         *     }
         */
        WalletLimits: {
            webhooks: number;
            eventTypes: number;
            notifyUrlsPerDay: number;
            ingestPerSecond: number;
            ingestBurst: number;
            testSendsPerMinute: number;
            doctorRunsPerMinute: number;
            recoversPerHour: number;
            streamListeners: number;
            attemptExcerptBytes: number;
        };
        /**
         * @example {
         *       "limits": {
         *         "ingestPerSecond": 500,
         *         "webhooks": 250
         *       }
         *     }
         */
        PatchWallet: {
            /** @description Per-wallet overrides; null removes one (the default applies) */
            limits?: {
                webhooks?: number | null;
                eventTypes?: number | null;
                notifyUrlsPerDay?: number | null;
                ingestPerSecond?: number | null;
                ingestBurst?: number | null;
                testSendsPerMinute?: number | null;
                doctorRunsPerMinute?: number | null;
                recoversPerHour?: number | null;
                streamListeners?: number | null;
                attemptExcerptBytes?: number | null;
            };
            /** @description The secret iGrant.io signs this wallet's calls to /v1/ingest/igrant with (stored encrypted, never shown); null: IGRANT_WEBHOOK_SECRET */
            igrantWebhookSecret?: string | null;
        };
        /**
         * @example {
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "limits": {
         *         "webhooks": 100,
         *         "eventTypes": 200,
         *         "notifyUrlsPerDay": 1000,
         *         "ingestPerSecond": 100,
         *         "ingestBurst": 200,
         *         "testSendsPerMinute": 10,
         *         "doctorRunsPerMinute": 6,
         *         "recoversPerHour": 20,
         *         "streamListeners": 20,
         *         "attemptExcerptBytes": 16384
         *       },
         *       "current": {
         *         "webhooks": 3,
         *         "eventTypes": 12,
         *         "notifyUrlsToday": 41,
         *         "streamListeners": 1
         *       },
         *       "remaining": {
         *         "ingest": 187,
         *         "testSends": 9,
         *         "doctorRuns": 6,
         *         "recovers": 20
         *       },
         *       "last24h": {
         *         "events": 5210,
         *         "deliveries": 15630
         *       },
         *       "storedBytes": {
         *         "events": 3145728,
         *         "attempts": 524288,
         *         "total": 3670016
         *       }
         *     }
         */
        WalletUsage: {
            walletId: string;
            limits: components["schemas"]["WalletLimits"];
            current: {
                webhooks: number;
                eventTypes: number;
                /** @description Distinct notify URLs named since 00:00 UTC */
                notifyUrlsToday: number;
                streamListeners: number;
            };
            /** @description Whole tokens left in each rate's bucket now */
            remaining: {
                ingest: number;
                testSends: number;
                doctorRuns: number;
                recovers: number;
            };
            last24h: {
                events: number;
                deliveries: number;
            };
            /** @description Bytes of event data and of receivers' answers kept in attempts */
            storedBytes: {
                events: number;
                attempts: number;
                total: number;
            };
        };
        /**
         * @example {
         *       "id": "0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "apiKey": "hwk_Jq8sV2mXcR4tLw9bN6yPzA1dE5fG7hK3",
         *       "prefix": "hwk_Jq8sV2",
         *       "name": "walt.id agent",
         *       "scopes": [
         *         "ingest"
         *       ],
         *       "createdAt": "2026-01-01T09:00:00.000Z",
         *       "expiresAt": "2027-01-01T00:00:00.000Z"
         *     }
         */
        CreatedApiKey: {
            id: string;
            walletId: string;
            apiKey: string;
            prefix: string;
            name: string | null;
            /** @description `ingest`: post events and agent ingest; `read`: GET routes (not secrets); `manage`: everything */
            scopes: ("ingest" | "read" | "manage")[];
            createdAt: string;
            expiresAt: string | null;
        };
        /**
         * @example {
         *       "scopes": [
         *         "ingest"
         *       ],
         *       "name": "walt.id agent",
         *       "expiresAt": "2027-01-01T00:00:00Z"
         *     }
         */
        CreateApiKey: {
            /**
             * @description `ingest`: post events and agent ingest; `read`: GET routes (not secrets); `manage`: everything
             * @default [
             *       "manage"
             *     ]
             */
            scopes: ("ingest" | "read" | "manage")[];
            name?: string;
            /**
             * Format: date-time
             * @description The key is refused from this instant on
             */
            expiresAt?: string;
        };
        /**
         * @example {
         *       "id": "0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
         *       "prefix": "hwk_Jq8sV2",
         *       "name": "walt.id agent",
         *       "scopes": [
         *         "ingest"
         *       ],
         *       "createdAt": "2026-01-01T09:00:00.000Z",
         *       "expiresAt": "2027-01-01T00:00:00.000Z",
         *       "revokedAt": null
         *     }
         */
        ApiKey: {
            id: string;
            prefix: string;
            name: string | null;
            /** @description `ingest`: post events and agent ingest; `read`: GET routes (not secrets); `manage`: everything */
            scopes: ("ingest" | "read" | "manage")[];
            createdAt: string;
            expiresAt: string | null;
            revokedAt: string | null;
        };
        /**
         * @example {
         *       "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "url": "https://receiver.example.com/hooks",
         *       "description": "Issuance events for the CRM",
         *       "enabled": true,
         *       "eventTypes": [
         *         "openid.credential.*"
         *       ],
         *       "channels": [],
         *       "format": "standard",
         *       "bearerToken": null,
         *       "apiKey": "[redacted]",
         *       "customHeaders": {
         *         "X-Team": "issuance"
         *       },
         *       "retry": {
         *         "preset": "standard"
         *       },
         *       "ordering": "fifo",
         *       "maxInFlight": 1,
         *       "rateLimitPerSecond": null,
         *       "timeoutMs": 15000,
         *       "disabledReason": null,
         *       "signature": "hmac",
         *       "payload": "full",
         *       "redact": [],
         *       "createdAt": "2026-01-01T09:05:00.000Z",
         *       "updatedAt": "2026-01-01T09:05:00.000Z",
         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
         *     }
         */
        CreatedWebhook: components["schemas"]["Webhook"] & {
            /** @description The signing secret (whsec_…); also at GET /v1/webhooks/{id}/secret */
            secret: string;
        };
        /**
         * @example {
         *       "preset": "standard"
         *     }
         */
        RetryPolicy: {
            /** @enum {string} */
            preset: "standard" | "identus" | "none";
        } | {
            /** @description Delays in seconds after each failed attempt (at most 20, each at most 24 h) */
            schedule: number[];
        };
        /**
         * @example {
         *       "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "url": "https://receiver.example.com/hooks",
         *       "description": "Issuance events for the CRM",
         *       "enabled": true,
         *       "eventTypes": [
         *         "openid.credential.*"
         *       ],
         *       "channels": [],
         *       "format": "standard",
         *       "bearerToken": null,
         *       "apiKey": "[redacted]",
         *       "customHeaders": {
         *         "X-Team": "issuance"
         *       },
         *       "retry": {
         *         "preset": "standard"
         *       },
         *       "ordering": "fifo",
         *       "maxInFlight": 1,
         *       "rateLimitPerSecond": null,
         *       "timeoutMs": 15000,
         *       "disabledReason": null,
         *       "signature": "hmac",
         *       "payload": "full",
         *       "redact": [],
         *       "createdAt": "2026-01-01T09:05:00.000Z",
         *       "updatedAt": "2026-01-01T09:05:00.000Z"
         *     }
         */
        Webhook: {
            id: string;
            walletId: string | null;
            url: string;
            description: string;
            enabled: boolean;
            eventTypes: string[];
            channels: string[];
            /** @enum {string} */
            format: "standard" | "identus" | "waltid" | "proven" | "acapy" | "igrant";
            bearerToken: string | null;
            apiKey: string | null;
            customHeaders: {
                [key: string]: string;
            };
            retry: components["schemas"]["RetryPolicy"];
            /** @enum {string} */
            ordering: "fifo" | "unordered" | "subject";
            maxInFlight: number;
            rateLimitPerSecond: number | null;
            timeoutMs: number;
            disabledReason: string | null;
            /** @enum {string} */
            signature: "hmac" | "ed25519" | "both";
            /** @enum {string} */
            payload: "full" | "thin";
            redact: string[];
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @example {
         *       "url": "https://receiver.example.com/hooks",
         *       "description": "Issuance events for the CRM",
         *       "eventTypes": [
         *         "openid.credential.*"
         *       ],
         *       "apiKey": "crm-inbound-key",
         *       "customHeaders": {
         *         "X-Team": "issuance"
         *       }
         *     }
         */
        CreateWebhook: {
            /** @example https://receiver.example.com/hooks */
            url: string;
            description?: string;
            enabled?: boolean;
            /**
             * @description Event types or `prefix.*` patterns; empty = all
             * @example [
             *       "openid.credential.*"
             *     ]
             */
            eventTypes?: string[];
            /** @description Channels; empty = all */
            channels?: string[];
            /** @enum {string} */
            format?: "standard" | "identus" | "waltid" | "proven" | "acapy" | "igrant";
            /** @description Sent as Authorization: Bearer; stored encrypted, shown redacted */
            bearerToken?: string | null;
            /** @description Sent as X-API-Key; stored encrypted, shown redacted */
            apiKey?: string | null;
            customHeaders?: {
                [key: string]: string;
            };
            retry?: components["schemas"]["RetryPolicy"];
            /** @enum {string} */
            ordering?: "fifo" | "unordered" | "subject";
            /** @description Concurrent deliveries for unordered and subject webhooks */
            maxInFlight?: number;
            rateLimitPerSecond?: number | null;
            timeoutMs?: number;
            /**
             * @description hmac: Standard Webhooks v1 (HMAC-SHA256 with the webhook's secret); ed25519: v1a only (Ed25519, the wallet's key, named in webhook-key-id); both: v1 and v1a
             * @enum {string}
             */
            signature?: "hmac" | "ed25519" | "both";
            /**
             * @description full: the event with its data; thin: {id, type, walletId, subject, timestamp, href}, never data (standard format only)
             * @enum {string}
             */
            payload?: "full" | "thin";
            /**
             * @description JSON Pointers into the event (below /data) whose values are sent as "[redacted]"; the stored event keeps them
             * @example [
             *       "/data/credential/claims"
             *     ]
             */
            redact?: string[];
            /**
             * Format: uuid
             * @description Admin only: the owning wallet; omit or null for a global webhook
             */
            walletId?: string | null;
        };
        /**
         * @example {
         *       "enabled": false,
         *       "description": "Paused while the CRM migrates"
         *     }
         */
        UpdateWebhook: {
            /** @example https://receiver.example.com/hooks */
            url?: string;
            description?: string;
            enabled?: boolean;
            /**
             * @description Event types or `prefix.*` patterns; empty = all
             * @example [
             *       "openid.credential.*"
             *     ]
             */
            eventTypes?: string[];
            /** @description Channels; empty = all */
            channels?: string[];
            /** @enum {string} */
            format?: "standard" | "identus" | "waltid" | "proven" | "acapy" | "igrant";
            /** @description Sent as Authorization: Bearer; stored encrypted, shown redacted */
            bearerToken?: string | null;
            /** @description Sent as X-API-Key; stored encrypted, shown redacted */
            apiKey?: string | null;
            customHeaders?: {
                [key: string]: string;
            };
            retry?: components["schemas"]["RetryPolicy"];
            /** @enum {string} */
            ordering?: "fifo" | "unordered" | "subject";
            /** @description Concurrent deliveries for unordered and subject webhooks */
            maxInFlight?: number;
            rateLimitPerSecond?: number | null;
            timeoutMs?: number;
            /**
             * @description hmac: Standard Webhooks v1 (HMAC-SHA256 with the webhook's secret); ed25519: v1a only (Ed25519, the wallet's key, named in webhook-key-id); both: v1 and v1a
             * @enum {string}
             */
            signature?: "hmac" | "ed25519" | "both";
            /**
             * @description full: the event with its data; thin: {id, type, walletId, subject, timestamp, href}, never data (standard format only)
             * @enum {string}
             */
            payload?: "full" | "thin";
            /**
             * @description JSON Pointers into the event (below /data) whose values are sent as "[redacted]"; the stored event keeps them
             * @example [
             *       "/data/credential/claims"
             *     ]
             */
            redact?: string[];
        };
        /**
         * @example {
         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
         *     }
         */
        WebhookSecret: {
            secret: string;
        };
        /**
         * @example {
         *       "id": "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
         *       "eventId": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "eventType": "openid.credential.credential_issued",
         *       "status": "succeeded",
         *       "attemptCount": 2,
         *       "nextAttemptAt": null,
         *       "lastStatusCode": 200,
         *       "createdAt": "2026-01-01T10:00:00.000Z",
         *       "updatedAt": "2026-01-01T10:00:05.412Z"
         *     }
         */
        Delivery: {
            id: string;
            eventId: string;
            webhookId: string;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "sending" | "succeeded" | "failed" | "expired";
            attemptCount: number;
            nextAttemptAt: string | null;
            lastStatusCode: number | null;
            createdAt: string;
            updatedAt: string;
        };
        /**
         * @example {
         *       "recovered": 37
         *     }
         */
        Recovered: {
            recovered: number;
        };
        /**
         * @example {
         *       "since": "2026-01-01T09:00:00Z"
         *     }
         */
        RecoverWebhook: {
            /**
             * Format: date-time
             * @description At most 14 days back
             */
            since: string;
            /** Format: date-time */
            until?: string;
        };
        /**
         * @example {
         *       "eventId": "5b2d7e8f-1a3c-4e6b-9d0f-2c4e6a8b0d13",
         *       "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "type": "openid.credential.offer_sent",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        TestEventSent: {
            eventId: string;
            webhookId: string;
            type: string;
            data: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "eventType": "openid.credential.offer_sent"
         *     }
         */
        TestEvent: {
            /**
             * @description A type from GET /v1/event-types
             * @example openid.credential.offer_sent
             */
            eventType: string;
            /** @description Defaults to the catalog's example */
            data?: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "status": "done",
         *       "startedAt": "2026-01-01T10:00:00.000Z",
         *       "finishedAt": "2026-01-01T10:00:01.042Z",
         *       "report": {
         *         "url": "https://receiver.example.com/hooks",
         *         "score": {
         *           "passed": 1,
         *           "total": 2
         *         },
         *         "results": [
         *           {
         *             "probe": "signed",
         *             "title": "correctly signed delivery is accepted",
         *             "outcome": "pass",
         *             "why": "answered 204 in 12 ms",
         *             "fix": null,
         *             "status": 204,
         *             "durationMs": 12
         *           },
         *           {
         *             "probe": "bad-signature",
         *             "title": "bad signature is refused",
         *             "outcome": "fail",
         *             "why": "answered 200 in 9 ms: it accepted what it should refuse",
         *             "fix": "Verify webhook-signature and answer 401 when no entry matches. See README.md#verifying-deliveries",
         *             "status": 200,
         *             "durationMs": 9
         *           }
         *         ]
         *       }
         *     }
         */
        DoctorRun: {
            webhookId: string;
            /** @enum {string} */
            status: "running" | "done";
            startedAt: string;
            finishedAt: string | null;
            /** @description Null while the run is still going */
            report: {
                url: string;
                score: {
                    passed: number;
                    total: number;
                };
                results: components["schemas"]["DoctorProbeResult"][];
            } | null;
        };
        DoctorProbeResult: {
            /** @enum {string} */
            probe: "signed" | "bad-signature" | "no-signature" | "other-secret" | "old-timestamp" | "future-timestamp" | "changed-body" | "replay" | "response-time" | "read-body";
            /** @example bad signature is refused */
            title: string;
            /** @enum {string} */
            outcome: "pass" | "fail" | "info";
            /** @example answered 200 in 3 ms: it accepted what it should refuse */
            why: string;
            /** @description The exact fix, on a failure */
            fix: string | null;
            status: number | null;
            durationMs: number | null;
        };
        /**
         * @example {
         *       "id": "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
         *       "eventId": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "eventType": "openid.credential.credential_issued",
         *       "status": "succeeded",
         *       "attemptCount": 2,
         *       "nextAttemptAt": null,
         *       "lastStatusCode": 200,
         *       "createdAt": "2026-01-01T10:00:00.000Z",
         *       "updatedAt": "2026-01-01T10:00:05.412Z",
         *       "attempts": [
         *         {
         *           "n": 1,
         *           "startedAt": "2026-01-01T10:00:00.120Z",
         *           "durationMs": 15001,
         *           "statusCode": null,
         *           "error": "timed out",
         *           "responseBody": null
         *         },
         *         {
         *           "n": 2,
         *           "startedAt": "2026-01-01T10:00:05.300Z",
         *           "durationMs": 112,
         *           "statusCode": 200,
         *           "error": null,
         *           "responseBody": "ok"
         *         }
         *       ]
         *     }
         */
        DeliveryWithAttempts: components["schemas"]["Delivery"] & {
            attempts: components["schemas"]["Attempt"][];
        };
        Attempt: {
            n: number;
            startedAt: string;
            durationMs: number;
            statusCode: number | null;
            error: string | null;
            /** @description The first 16 KiB of the receiver's answer */
            responseBody: string | null;
        };
        /**
         * @example {
         *       "id": "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
         *       "status": "pending"
         *     }
         */
        RetryQueued: {
            id: string;
            /** @enum {string} */
            status: "pending";
        };
        /**
         * @example {
         *       "window": {
         *         "since": "2026-01-01T00:00:00.000Z",
         *         "until": "2026-01-02T00:00:00.000Z"
         *       },
         *       "data": [
         *         {
         *           "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *           "url": "https://verifier.example.com/hooks",
         *           "enabled": true,
         *           "deliveries": {
         *             "pending": 0,
         *             "sending": 0,
         *             "succeeded": 412,
         *             "failed": 37,
         *             "expired": 0,
         *             "total": 449
         *           },
         *           "successRate": 0.9175,
         *           "attempts": 745,
         *           "latencyMs": {
         *             "p50": 41,
         *             "p95": 180,
         *             "p99": 15000
         *           },
         *           "backlog": 12,
         *           "oldestPendingAgeSeconds": 3480
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        Stats: {
            window: {
                since: string;
                until: string;
            };
            data: components["schemas"]["WebhookStats"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "url": "https://verifier.example.com/hooks",
         *       "enabled": true,
         *       "deliveries": {
         *         "pending": 0,
         *         "sending": 0,
         *         "succeeded": 412,
         *         "failed": 37,
         *         "expired": 0,
         *         "total": 449
         *       },
         *       "successRate": 0.9175,
         *       "attempts": 745,
         *       "latencyMs": {
         *         "p50": 41,
         *         "p95": 180,
         *         "p99": 15000
         *       },
         *       "backlog": 12,
         *       "oldestPendingAgeSeconds": 3480
         *     }
         */
        WebhookStats: {
            webhookId: string;
            url: string;
            enabled: boolean;
            deliveries: {
                pending: number;
                sending: number;
                succeeded: number;
                failed: number;
                expired: number;
                total: number;
            };
            /** @description succeeded / (succeeded + failed + expired); null when none ended */
            successRate: number | null;
            attempts: number;
            latencyMs: {
                p50: number | null;
                p95: number | null;
                p99: number | null;
            };
            /** @description Deliveries open now (pending or sending) */
            backlog: number;
            oldestPendingAgeSeconds: number | null;
        };
        /**
         * @example {
         *       "generatedAt": "2026-12-01T16:00:00.000Z",
         *       "backlog": {
         *         "pending": 12,
         *         "sending": 2,
         *         "total": 14,
         *         "oldestPendingAgeSeconds": 37
         *       },
         *       "failures": {
         *         "deliveriesFailedLastHour": 1,
         *         "deliveriesFailedLast24Hours": 9,
         *         "deadLettersUnresolved": 0,
         *         "deadLettersTotal": 2
         *       },
         *       "walletBacklog": [
         *         {
         *           "walletId": "0193a1b2-0000-7000-8000-000000000001",
         *           "open": 11,
         *           "oldestPendingAgeSeconds": 37
         *         }
         *       ],
         *       "isolate": {
         *         "startedAt": "2026-12-01T15:00:00.000Z",
         *         "d1Calls": 5210,
         *         "d1Statements": 9873,
         *         "d1RowsRead": 20411,
         *         "d1RowsWritten": 8120,
         *         "objectCalls": 3102
         *       }
         *     }
         */
        Metrics: {
            generatedAt: string;
            backlog: {
                pending: number;
                sending: number;
                total: number;
                /** @description Seconds; null when none is open */
                oldestPendingAgeSeconds: number | null;
            };
            failures: {
                deliveriesFailedLastHour: number;
                deliveriesFailedLast24Hours: number;
                deadLettersUnresolved: number;
                deadLettersTotal: number;
            };
            /** @description The wallets with the most open deliveries, most first */
            walletBacklog: {
                walletId: string;
                open: number;
                /** @description Seconds; null when none is open */
                oldestPendingAgeSeconds: number | null;
            }[];
            /** @description What the isolate that answered asked of D1 and of Durable Objects since it started (running totals; one isolate of many in production). Rows are those D1 reported (run, all and batch report them; raw and first do not). */
            isolate: {
                startedAt: string;
                d1Calls: number;
                d1Statements: number;
                d1RowsRead: number;
                d1RowsWritten: number;
                objectCalls: number;
            };
        };
        /**
         * @example {
         *       "keyId": "3f9a0c1e",
         *       "reencrypted": {
         *         "webhooks": 100,
         *         "events": 12,
         *         "signingKeys": 3,
         *         "walletIgrantSecrets": 1
         *       },
         *       "remaining": true
         *     }
         */
        Reencrypted: {
            /** @description The id of the key everything is moving to */
            keyId: string;
            reencrypted: {
                webhooks: number;
                events: number;
                signingKeys: number;
                walletIgrantSecrets: number;
            };
            /** @description Call again while true */
            remaining: boolean;
        };
        /**
         * @example {
         *       "limit": 100
         *     }
         */
        ReencryptRequest: {
            /**
             * @description How many webhooks (and events with a notify token) one call re-seals
             * @default 100
             */
            limit: number;
        };
        DeadLetter: {
            /** @description The queue message's id */
            id: string;
            queue: string;
            /** @description The message as it was queued (ids, or an event) */
            body?: unknown;
            /** @description Deliveries of the message before it died */
            attempts: number;
            receivedAt: string;
            /** @description When it was replayed; null: not yet */
            resolvedAt: string | null;
        };
        /**
         * @example {
         *       "id": "8a1f0c3e5b7d49e2a6c4f0b1d3e5a7c9",
         *       "replayedAt": "2026-12-01T16:00:00.000Z"
         *     }
         */
        ReplayedDeadLetter: {
            id: string;
            replayedAt: string;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *           "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *           "type": "openid.credential.credential_issued",
         *           "data": {
         *             "credential": {
         *               "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *             },
         *             "organisationId": "64ec561de2f6a8000142c671"
         *           },
         *           "channels": [],
         *           "subject": "offer-123",
         *           "expiresAt": null,
         *           "notify": null,
         *           "createdAt": "2026-01-01T10:00:00.000Z"
         *         }
         *       ],
         *       "nextCursor": "MTA0Mg"
         *     }
         */
        EventLogPage: {
            data: components["schemas"]["LoggedEvent"][];
            /** @description Always set: poll again with it to get what is stored next (the same cursor when the page is empty) */
            nextCursor: string;
        };
        /**
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "type": "openid.credential.credential_issued",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       },
         *       "channels": [],
         *       "subject": "offer-123",
         *       "expiresAt": null,
         *       "notify": null,
         *       "createdAt": "2026-01-01T10:00:00.000Z"
         *     }
         */
        LoggedEvent: {
            id: string;
            walletId: string;
            type: string;
            data: {
                [key: string]: unknown;
            };
            channels: string[];
            subject: string | null;
            expiresAt: string | null;
            notify: {
                url: string;
                /** @enum {string} */
                format: "standard" | "identus" | "waltid" | "proven" | "acapy" | "igrant";
            } | null;
            createdAt: string;
        };
        /**
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "type": "openid.credential.credential_issued",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       },
         *       "channels": [],
         *       "subject": "offer-123",
         *       "expiresAt": null,
         *       "notify": null,
         *       "createdAt": "2026-01-01T10:00:00.000Z",
         *       "deliveries": [
         *         {
         *           "id": "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
         *           "eventId": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *           "webhookId": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *           "eventType": "openid.credential.credential_issued",
         *           "status": "succeeded",
         *           "attemptCount": 2,
         *           "nextAttemptAt": null,
         *           "lastStatusCode": 200,
         *           "createdAt": "2026-01-01T10:00:00.000Z",
         *           "updatedAt": "2026-01-01T10:00:05.412Z"
         *         }
         *       ]
         *     }
         */
        EventWithDeliveries: components["schemas"]["LoggedEvent"] & {
            /** @description As last mirrored from the webhook objects (in batches, so a few seconds behind); at most 1000. Absent when read with a link's ?token= */
            deliveries?: components["schemas"]["Delivery"][];
        };
        /**
         * @example {
         *       "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63"
         *     }
         */
        AcceptedEvent: {
            id: string;
        };
        /**
         * @example {
         *       "type": "openid.credential.credential_issued",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       },
         *       "subject": "offer-123"
         *     }
         */
        EventInput: {
            /** @example openid.credential.offer_sent */
            type: string;
            /**
             * @example {
             *       "offerId": "offer-123"
             *     }
             */
            data: {
                [key: string]: unknown;
            };
            /** @description Idempotency key per wallet; generated when absent */
            id?: string;
            channels?: string[];
            /** @description The offer, session or exchange the event is about */
            subject?: string;
            /**
             * Format: date-time
             * @description After this, pending deliveries end as expired
             */
            expiresAt?: string;
            notify?: components["schemas"]["NotifyTarget"];
            /**
             * Format: uuid
             * @description Admin only: the wallet the event belongs to (default wallet when omitted)
             */
            walletId?: string;
        };
        /** @description A one-off target for this event (walt.id's per-offer override) */
        NotifyTarget: {
            url: string;
            bearerToken?: string;
            /** @enum {string} */
            format?: "standard" | "identus" | "waltid" | "proven" | "acapy" | "igrant";
            /**
             * @description add (default): the target as well as the wallet's webhooks; replace: instead of them (walt.id's per-offer callback)
             * @enum {string}
             */
            mode?: "add" | "replace";
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
         *           "status": "accepted"
         *         },
         *         {
         *           "id": "offer-123-sent",
         *           "status": "duplicate"
         *         }
         *       ]
         *     }
         */
        AcceptedEventBatch: {
            data: {
                id: string;
                /** @enum {string} */
                status: "accepted" | "duplicate";
            }[];
        };
        /**
         * @example {
         *       "events": [
         *         {
         *           "type": "openid.credential.credential_issued",
         *           "data": {
         *             "credential": {
         *               "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *             },
         *             "organisationId": "64ec561de2f6a8000142c671"
         *           },
         *           "subject": "offer-123"
         *         },
         *         {
         *           "type": "openid.credential.offer_sent",
         *           "data": {
         *             "credential": {
         *               "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *             },
         *             "organisationId": "64ec561de2f6a8000142c671"
         *           },
         *           "id": "offer-123-sent"
         *         }
         *       ]
         *     }
         */
        EventBatchInput: {
            events: components["schemas"]["EventInput"][];
        };
        /**
         * @example {
         *       "id": "0b1e9b32-4c8d-4f0e-9a7b-3d2c1e0f9a8b"
         *     }
         */
        AcceptedAgentEvent: {
            id: string;
        };
        /**
         * @example {
         *       "id": "0b1e9b32-4c8d-4f0e-9a7b-3d2c1e0f9a8b",
         *       "ts": "2026-01-01T10:00:00Z",
         *       "type": "ConnectionUpdated",
         *       "data": {
         *         "connectionId": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
         *         "state": "InvitationGenerated"
         *       },
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e"
         *     }
         */
        IdentusNotification: {
            /** @description Identus' event id (a UUID); becomes Herald's event id */
            id: string;
            /** Format: date-time */
            ts: string;
            /** @example ConnectionUpdated */
            type: string;
            /**
             * @example {
             *       "connectionId": "c10787cf-99bb-47f4-99bb-1fdcca32b673",
             *       "state": "InvitationGenerated"
             *     }
             */
            data: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description A wallet key must match it; the admin key files the event under it
             */
            walletId?: string;
        };
        /**
         * @example {
         *       "id": "offer-id-123",
         *       "type": "resolved_credential_offer",
         *       "timestamp": 1767261600000,
         *       "data": {
         *         "credentialOffer": {}
         *       }
         *     }
         */
        WaltidNotification: {
            /**
             * @description The offer/session id; becomes the event's subject
             * @example offer-id-123
             */
            id: string;
            /** @example resolved_credential_offer */
            type: string;
            /**
             * @description Unix ms
             * @example 1704067200000
             */
            timestamp: number;
            /**
             * @example {
             *       "credentialOffer": {}
             *     }
             */
            data: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "state": "done",
         *       "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *       "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49"
         *     }
         */
        AcapyRecord: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "event": "credentials:done",
         *       "webhook": {
         *         "state": "done",
         *         "connection_id": "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
         *         "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49",
         *         "wallet_id": "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f"
         *       }
         *     }
         */
        ProvenCall: {
            /** @example credentials:done */
            event: string;
            /**
             * @example {
             *       "state": "done",
             *       "cred_ex_id": "794657e2-187e-4642-b5f2-77dd27138a49"
             *     }
             */
            webhook: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "deliveryID": "67f770eec8426b0b55e30c2e",
         *       "webhookID": "67f770936e45cf84e6880d25",
         *       "timestamp": "2025-04-10T07:19:10Z",
         *       "type": "openid.credential.offer_sent",
         *       "data": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0"
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        IgrantNotification: {
            /**
             * @description Becomes Herald's event id
             * @example 67f770eec8426b0b55e30c2e
             */
            deliveryID: string;
            /** @example 67f770936e45cf84e6880d25 */
            webhookID: string;
            /**
             * Format: date-time
             * @example 2025-04-10T07:19:10Z
             */
            timestamp: string;
            /** @example openid.credential.offer_sent */
            type: string;
            /**
             * @example {
             *       "organisationId": "64ec561de2f6a8000142c671"
             *     }
             */
            data: {
                [key: string]: unknown;
            };
        };
        /**
         * @example {
         *       "url": "https://issuer.example.com/offers/42/callback",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
         *     }
         */
        NotifySecret: {
            /** @description The URL as Herald sends to it (fragment dropped) */
            url: string;
            walletId: string;
            /**
             * @description Standard Webhooks signing secret (whsec_…) of this (wallet, URL)
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        /**
         * @example {
         *       "url": "https://issuer.example.com/offers/42/callback"
         *     }
         */
        NotifySecretRequest: {
            /**
             * @description The `notify.url` events name
             * @example https://issuer.example.com/offers/42/callback
             */
            url: string;
            /**
             * Format: uuid
             * @description Admin only: the wallet whose events name it (default wallet when omitted)
             */
            walletId?: string;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "name": "openid.credential.offer_sent",
         *           "description": "A credential offer was created and delivered (QR code or credential offer endpoint).",
         *           "source": "igrant",
         *           "deprecated": false,
         *           "schema": {
         *             "$schema": "https://json-schema.org/draft/2020-12/schema",
         *             "title": "iGrant.io credential event",
         *             "type": "object",
         *             "properties": {
         *               "credential": {
         *                 "type": "object",
         *                 "description": "The credential history record (see iGrant's issue credential response)",
         *                 "properties": {
         *                   "CredentialExchangeId": {
         *                     "type": "string",
         *                     "description": "The credential exchange's id"
         *                   },
         *                   "credentialDefinitionId": {
         *                     "type": "string",
         *                     "description": "The credential definition's id"
         *                   },
         *                   "walletUnitAttestationVerified": {
         *                     "type": "boolean",
         *                     "description": "Whether the wallet unit attestation was verified"
         *                   }
         *                 },
         *                 "additionalProperties": true
         *               },
         *               "organisationId": {
         *                 "type": "string",
         *                 "description": "The issuing or verifying organisation"
         *               }
         *             },
         *             "required": [
         *               "credential",
         *               "organisationId"
         *             ],
         *             "additionalProperties": true
         *           },
         *           "example": {
         *             "credential": {
         *               "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *               "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *               "walletUnitAttestationVerified": false
         *             },
         *             "organisationId": "64ec561de2f6a8000142c671"
         *           }
         *         }
         *       ]
         *     }
         */
        EventTypeList: {
            data: components["schemas"]["EventType"][];
        };
        /**
         * @example {
         *       "name": "openid.credential.offer_sent",
         *       "description": "A credential offer was created and delivered (QR code or credential offer endpoint).",
         *       "source": "igrant",
         *       "deprecated": false,
         *       "schema": {
         *         "$schema": "https://json-schema.org/draft/2020-12/schema",
         *         "title": "iGrant.io credential event",
         *         "type": "object",
         *         "properties": {
         *           "credential": {
         *             "type": "object",
         *             "description": "The credential history record (see iGrant's issue credential response)",
         *             "properties": {
         *               "CredentialExchangeId": {
         *                 "type": "string",
         *                 "description": "The credential exchange's id"
         *               },
         *               "credentialDefinitionId": {
         *                 "type": "string",
         *                 "description": "The credential definition's id"
         *               },
         *               "walletUnitAttestationVerified": {
         *                 "type": "boolean",
         *                 "description": "Whether the wallet unit attestation was verified"
         *               }
         *             },
         *             "additionalProperties": true
         *           },
         *           "organisationId": {
         *             "type": "string",
         *             "description": "The issuing or verifying organisation"
         *           }
         *         },
         *         "required": [
         *           "credential",
         *           "organisationId"
         *         ],
         *         "additionalProperties": true
         *       },
         *       "example": {
         *         "credential": {
         *           "CredentialExchangeId": "3e154218-88d5-4529-8143-bf1ccf0e08c0",
         *           "credentialDefinitionId": "a79fb535-5e17-4571-928a-7b30011e4fa8",
         *           "walletUnitAttestationVerified": false
         *         },
         *         "organisationId": "64ec561de2f6a8000142c671"
         *       }
         *     }
         */
        EventType: {
            /** @example openid.credential.offer_sent */
            name: string;
            description: string;
            /**
             * @description The agent that sends it, herald for Herald's own, wallet for a wallet's own type
             * @enum {string}
             */
            source: "identus" | "waltid" | "proven" | "igrant" | "acapy" | "herald" | "wallet";
            deprecated: boolean;
            /** @description JSON Schema (draft 2020-12) of the event's data */
            schema: {
                [key: string]: unknown;
            } | null;
            /** @description An example data object */
            example: {
                [key: string]: unknown;
            } | null;
            /** @description Wallet types: ingest refuses data that does not match the schema */
            validateIngest?: boolean;
            createdAt?: string;
            updatedAt?: string;
        };
        /**
         * @example {
         *       "name": "acme.badge.issued",
         *       "description": "A badge was issued to a member",
         *       "schema": {
         *         "type": "object",
         *         "required": [
         *           "badgeId"
         *         ],
         *         "properties": {
         *           "badgeId": {
         *             "type": "string"
         *           }
         *         }
         *       },
         *       "example": {
         *         "badgeId": "b-1"
         *       },
         *       "validateIngest": true
         *     }
         */
        CreateEventType: {
            /** @example acme.badge.issued */
            name: string;
            description: string;
            /**
             * @description JSON Schema (draft 2020-12) of the data; local $refs only
             * @example {
             *       "type": "object",
             *       "required": [
             *         "badgeId"
             *       ]
             *     }
             */
            schema?: {
                [key: string]: unknown;
            };
            /**
             * @description An example data object; must match the schema
             * @example {
             *       "badgeId": "b-1"
             *     }
             */
            example?: {
                [key: string]: unknown;
            };
            /** @description Refuse ingested events of this type whose data does not match the schema (needs a schema) */
            validateIngest?: boolean;
        };
        /**
         * @example {
         *       "data": [
         *         {
         *           "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *           "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *           "actor": "key:0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
         *           "action": "webhook.secret_rotated",
         *           "target": "0192f4b2-7a00-7b3c-8d2e-1f2a3b4c5d6e",
         *           "details": {},
         *           "ip": "203.0.113.7",
         *           "createdAt": "2026-01-01T09:00:00.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        AuditLogPage: {
            data: components["schemas"]["AuditEntry"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "walletId": "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
         *       "actor": "key:0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
         *       "action": "webhook.secret_rotated",
         *       "target": "0192f4b2-7a00-7b3c-8d2e-1f2a3b4c5d6e",
         *       "details": {},
         *       "ip": "203.0.113.7",
         *       "createdAt": "2026-01-01T09:00:00.000Z"
         *     }
         */
        AuditEntry: {
            id: string;
            /** @description null: a global webhook's change */
            walletId: string | null;
            /** @description `admin`, `key:<API key id>`, or `wallet` */
            actor: string;
            action: string;
            target: string | null;
            details: {
                [key: string]: unknown;
            };
            /** @description CF-Connecting-IP of the request */
            ip: string | null;
            createdAt: string;
        };
        /**
         * @example {
         *       "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *       "url": "https://agent.example.com/webhooks",
         *       "customHeaders": {
         *         "Authorization": "[redacted]"
         *       },
         *       "createdAt": "2026-01-01T09:05:00.000Z"
         *     }
         */
        IdentusWebhook: {
            id: string;
            url: string;
            customHeaders: {
                [key: string]: string;
            };
            createdAt: string;
        };
        /**
         * @example {
         *       "url": "https://agent.example.com/webhooks",
         *       "customHeaders": {
         *         "Authorization": "Bearer agent-token"
         *       }
         *     }
         */
        IdentusCreateWebhook: {
            url: string;
            customHeaders?: {
                [key: string]: string;
            };
        };
        /**
         * @example {
         *       "self": "/events/webhooks",
         *       "kind": "WebhookNotificationPage",
         *       "pageOf": "/events/webhooks",
         *       "contents": [
         *         {
         *           "id": "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
         *           "url": "https://agent.example.com/webhooks",
         *           "customHeaders": {
         *             "Authorization": "[redacted]"
         *           },
         *           "createdAt": "2026-01-01T09:05:00.000Z"
         *         }
         *       ]
         *     }
         */
        IdentusWebhookPage: {
            self: string;
            /** @enum {string} */
            kind: "WebhookNotificationPage";
            pageOf: string;
            contents: components["schemas"]["IdentusWebhook"][];
        };
        /**
         * @example {
         *       "url": "https://herald.example.com/portal/#link=3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
         *       "expiresAt": "2026-12-01T16:15:00.000Z",
         *       "walletId": "0193a1b2-0000-7000-8000-000000000001",
         *       "readOnly": true
         *     }
         */
        PortalLink: {
            /** @description Opens a portal session once, within 15 minutes */
            url: string;
            expiresAt: string;
            walletId: string;
            readOnly: boolean;
        };
        /**
         * @example {
         *       "walletId": "0193a1b2-0000-7000-8000-000000000001",
         *       "readOnly": true
         *     }
         */
        CreatePortalLink: {
            /** @description Required with the admin key; a wallet key may name only its own */
            walletId?: string;
            /** @description Every write in the portal is refused (403) for this session */
            readOnly?: boolean;
        };
        /**
         * @example {
         *       "kind": "wallet",
         *       "walletId": "0193a1b2-0000-7000-8000-000000000001",
         *       "readOnly": false,
         *       "expiresAt": "2026-12-02T04:00:00.000Z",
         *       "csrfToken": "kq3Xw8VZ0n0pQ2iNnq3i5w"
         *     }
         */
        PortalSession: {
            /** @enum {string} */
            kind: "admin" | "wallet";
            walletId: string | null;
            readOnly: boolean;
            expiresAt: string;
            /** @description Send as X-CSRF-Token on every state-changing request */
            csrfToken: string;
        };
        /**
         * @example {
         *       "apiKey": "hwk_2b7e151628aed2a6abf7158809cf4f3c"
         *     }
         */
        PortalKeySignIn: {
            /** @description Admin or wallet API key */
            apiKey: string;
        };
        /**
         * @example {
         *       "token": "3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
         *     }
         */
        PortalLinkSignIn: {
            /** @description The token in a portal link */
            token: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Herald is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getServiceDidDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service's DID document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceDidDocument"];
                };
            };
        };
    };
    getWalletDidDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                walletId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The wallet's DID document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletDidDocument"];
                };
            };
            /** @description No such wallet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletJwks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The wallet's public keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            /** @description No such wallet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWalletSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new current key and the previous one, still signing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateOwnSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new current key and the previous one, still signing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeys"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWallets: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor from the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of wallets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Wallet"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWallet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWallet"];
            };
        };
        responses: {
            /** @description The wallet, with its API key shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWallet"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Id taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The wallet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Wallet"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchWallet"];
            };
        };
        responses: {
            /** @description The wallet with the limits now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletWithLimits"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counts, rates left, traffic, stored bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletUsage"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            /** @description The key, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description Admin only: one wallet's webhooks, or `global` */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Webhook"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhook"];
            };
        };
        responses: {
            /** @description The webhook, with its signing secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The wallet has as many webhooks as its limit allows (quota-exceeded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhook"];
            };
        };
        responses: {
            /** @description The updated webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecret"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Bring your own secret (whsec_ + base64 of 24-64 bytes); omit to generate one */
                    secret?: string;
                };
            };
        };
        responses: {
            /** @description The new secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecret"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "pending" | "sending" | "succeeded" | "failed" | "expired";
                eventType?: string;
                since?: string;
                until?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Delivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recoverDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoverWebhook"];
            };
        };
        responses: {
            /** @description How many deliveries were queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recovered"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's recover calls per hour; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendTestEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TestEvent"];
            };
        };
        responses: {
            /** @description The test event, queued for this webhook only */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestEventSent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The webhook is disabled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's test sends per minute; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorRun"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    runWebhookDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The finished run with its report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorRun"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The webhook's URL is not allowed by the current URL rules */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The doctor ran for this webhook less than a minute ago (Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryWithAttempts"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for an attempt now */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryQueued"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description In flight or no longer held */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStats: {
        parameters: {
            query?: {
                /** @description Window start (default: 24 h before until) */
                since?: string;
                /** @description Window end (default: now) */
                until?: string;
                limit?: number;
                cursor?: string;
                /** @description Admin only: one wallet's webhooks, or `global` */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Figures per webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: {
                /** @description The admin names a wallet (default: the default wallet) */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counts, rates left, traffic over 24 h, stored bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletUsage"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminMetrics: {
        parameters: {
            query?: {
                /** @description How many wallets walletBacklog lists */
                top?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Metrics"];
                    "text/plain": string;
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reencryptSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReencryptRequest"];
            };
        };
        responses: {
            /** @description What this batch moved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reencrypted"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor from the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DeadLetter"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayedDeadLetter"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A wallet key on an admin route */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already replayed, or not a message Herald's consumer takes */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused it; retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page; without it, the log's start */
                cursor?: string;
                /** @description Only events of this type, or of a `prefix.*` pattern (`openid.credential.*`) */
                type?: string;
                /** @description Admin only: the wallet whose log to read (default wallet when omitted) */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the log */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventLogPage"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventInput"];
            };
        };
        responses: {
            /** @description A repeat of an accepted event: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedEvent"];
                };
            };
            /** @description Accepted: the queue holds it */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The id was already used with another body, or the events name more distinct notify URLs than the wallet's daily quota */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the events; retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Only events of this type, or of a `prefix.*` pattern (`openid.credential.*`) */
                type?: string;
                /** @description Admin only: the wallet whose log to read (default wallet when omitted) */
                walletId?: string;
                /** @description Resume after this event id (a log position), for clients that cannot send the Last-Event-ID header */
                lastEventId?: string;
            };
            header?: {
                /** @description Resume after this event id; EventSource sends it on reconnection */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many open streams for this wallet */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: {
                /** @description Admin only: the wallet whose log to read (default wallet when omitted) */
                walletId?: string;
                /** @description The token in a thin delivery's href: reads this event without a key, for 1 hour */
                token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event and its deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventWithDeliveries"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEventBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventBatchInput"];
            };
        };
        responses: {
            /** @description Accepted (repeats marked duplicate) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedEventBatch"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The id was already used with another body, or the events name more distinct notify URLs than the wallet's daily quota */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the events; retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestIdentus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentusNotification"];
            };
        };
        responses: {
            /** @description A repeat of an accepted call: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Accepted: the queue holds the event */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent names a wallet the API key does not belong to */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id was already used with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the event (retry after Retry-After), or iGrant ingest is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestWaltid: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WaltidNotification"];
            };
        };
        responses: {
            /** @description A repeat of an accepted call: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Accepted: the queue holds the event */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent names a wallet the API key does not belong to */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id was already used with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the event (retry after Retry-After), or iGrant ingest is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestAcapy: {
        parameters: {
            query?: never;
            header?: {
                /** @description A wallet key must match it; the admin key files the event under it */
                "x-wallet-id"?: string;
            };
            path: {
                topic: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcapyRecord"];
            };
        };
        responses: {
            /** @description A repeat of an accepted call: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Accepted: the queue holds the event */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent names a wallet the API key does not belong to */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id was already used with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the event (retry after Retry-After), or iGrant ingest is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestProven: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProvenCall"];
            };
        };
        responses: {
            /** @description A repeat of an accepted call: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Accepted: the queue holds the event */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent names a wallet the API key does not belong to */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id was already used with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the event (retry after Retry-After), or iGrant ingest is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ingestIgrant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IgrantNotification"];
            };
        };
        responses: {
            /** @description A repeat of an accepted call: nothing re-sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Accepted: the queue holds the event */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedAgentEvent"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent names a wallet the API key does not belong to */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The event id was already used with another body */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Event over 100 KiB or request over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the wallet's ingest rate; retry after Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The queue refused the event (retry after Retry-After), or iGrant ingest is not configured */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotifyTargetSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotifySecretRequest"];
            };
        };
        responses: {
            /** @description The target's secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotifySecret"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: {
                /** @description The agent that sends it, herald for Herald's own, wallet for a wallet's own type */
                source?: "identus" | "waltid" | "proven" | "igrant" | "acapy" | "herald" | "wallet";
                /** @description Admin only: include this wallet's own types */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Built-in types, then the wallet's own */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventTypeList"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEventType: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEventType"];
            };
        };
        responses: {
            /** @description The registered type */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventType"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a wallet key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A built-in name, a name already registered, or the wallet's limit reached */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEventType: {
        parameters: {
            query?: {
                /** @description Admin only: include this wallet's own types */
                walletId?: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventType"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteEventType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a wallet key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A built-in type */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor from the previous page */
                cursor?: string;
                /** @description Admin only: one wallet's entries (every wallet's when omitted) */
                walletId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPage"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description walletId names another wallet than the key's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIdentusWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentusWebhookPage"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIdentusWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentusCreateWebhook"];
            };
        };
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentusWebhook"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The wallet has as many webhooks as its limit allows (quota-exceeded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIdentusWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentusWebhook"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteIdentusWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPortalLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePortalLink"];
            };
        };
        responses: {
            /** @description The link */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalLink"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Another wallet's link with a wallet key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalSession"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortalKeySignIn"];
            };
        };
        responses: {
            /** @description The session; its cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalSession"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not sent from this origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openPortalLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortalLinkSignIn"];
            };
        };
        responses: {
            /** @description The session; its cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalSession"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not sent from this origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another wallet's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description CSRF check failed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    onConnectionUpdatedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionUpdatedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssueCredentialRecordUpdatedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCredentialRecordUpdatedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPresentationUpdatedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresentationUpdatedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDIDStatusUpdatedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DIDStatusUpdatedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onResolvedCredentialOfferEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolvedCredentialOfferEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRequestedTokenEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestedTokenEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSdjwtIssueEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SdjwtIssueEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onJwtIssueEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JwtIssueEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onGeneratedMdocEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GeneratedMdocEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onConnectionCompletedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionCompletedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onCredentialsDoneEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsDoneEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPresentationVerifiedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresentationVerifiedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOid4vcCredentialIssuedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Oid4vcCredentialIssuedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOid4vcPresentationVerifiedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Oid4vcPresentationVerifiedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onBasicMessageReceivedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BasicMessageReceivedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialOfferSentEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialOfferSentEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialOfferReceivedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialOfferReceivedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialTokenIssuedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialTokenIssuedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialCredentialIssuedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialCredentialIssuedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialCredentialAckedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialCredentialAckedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialCredentialAcceptedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialCredentialAcceptedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialCredentialDeletedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialCredentialDeletedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidCredentialIssuanceDeniedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidCredentialIssuanceDeniedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationRequestSentV3Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationRequestSentV3Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationRequestReceivedV3Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationRequestReceivedV3Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationPresentationAckedV3Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationPresentationAckedV3Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationRequestSentEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationRequestSentEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationRequestReceivedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationRequestReceivedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOpenidPresentationPresentationAckedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenidPresentationPresentationAckedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onConnectionsEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionsEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onOutOfBandEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OutOfBandEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onBasicmessagesEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BasicmessagesEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPingEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PingEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onProblemReportEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProblemReportEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDiscoverFeatureEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscoverFeatureEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onDiscoverFeatureV20Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscoverFeatureV20Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onMediationEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediationEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssueCredentialEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCredentialEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssueCredentialV20Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCredentialV20Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssueCredentialV20IndyEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCredentialV20IndyEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssueCredentialV20LdProofEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCredentialV20LdProofEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPresentProofEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresentProofEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onPresentProofV20Event: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresentProofV20Event"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onRevocationRegistryEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevocationRegistryEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onIssuerCredRevEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssuerCredRevEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onEndorseTransactionEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndorseTransactionEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onHeraldDeliveryExhaustedEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeraldDeliveryExhaustedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onHeraldWebhookDisabledEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeraldWebhookDisabledEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onHeraldEventConflictEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description `evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; refuse values more than 5 minutes away from now */
                "webhook-timestamp": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeraldEventConflictEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
