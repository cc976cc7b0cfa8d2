import { choice, count, dataSchema, flag, list, record, text, timestamp } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// Identus Cloud Agent: `data` is the resource whose state changed, as its REST API returns it.

const CONNECTION_STATES = [
  "InvitationGenerated", "InvitationReceived", "ConnectionRequestPending", "ConnectionRequestSent", "ConnectionRequestReceived",
  "ConnectionResponsePending", "ConnectionResponseSent", "ConnectionResponseReceived", "ProblemReportPending", "ProblemReportSent",
  "ProblemReportReceived",
];
const CREDENTIAL_STATES = [
  "OfferPending", "OfferSent", "OfferReceived", "RequestPending", "RequestGenerated", "RequestSent", "RequestReceived",
  "CredentialPending", "CredentialGenerated", "CredentialSent", "CredentialReceived", "ProblemReportPending", "ProblemReportSent",
  "ProblemReportReceived",
];
const PRESENTATION_STATES = [
  "RequestPending", "RequestSent", "RequestReceived", "RequestRejected", "PresentationPending", "PresentationGenerated",
  "PresentationSent", "PresentationReceived", "PresentationVerified", "PresentationVerificationFailed", "PresentationAccepted",
  "PresentationRejected", "ProblemReportPending", "ProblemReportSent", "ProblemReportReceived",
];

const retries = {
  metaRetries: count("Attempts left for the agent's background job"),
  metaLastFailure: record("The last failure of the background job, when there was one"),
};

export const IDENTUS_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: "ConnectionUpdated",
    source: "identus",
    description: "An update in the connection flow state (DIDComm connection: invitation, request, response).",
    schema: dataSchema("Identus connection", {
      connectionId: text("The connection's id"),
      thid: text("DIDComm thread id of the connection flow"),
      label: text("A human-readable label for the connection"),
      goalCode: text("Goal code of the invitation"),
      goal: text("Goal of the invitation"),
      myDid: text("This agent's peer DID on the connection"),
      theirDid: text("The other party's peer DID"),
      role: choice(["Inviter", "Invitee"], "This agent's role in the connection"),
      state: choice(CONNECTION_STATES, "The connection flow's new state"),
      invitation: record("The out-of-band invitation", {
        id: text("Invitation id"),
        type: text("DIDComm message type of the invitation"),
        from: text("The inviter's peer DID"),
        invitationUrl: text("The invitation as a URL (`_oob` parameter)"),
      }),
      createdAt: timestamp("When the connection record was created"),
      updatedAt: timestamp("When the connection record last changed"),
      ...retries,
      self: text("The resource's own reference"),
      kind: choice(["Connection"], "Resource kind"),
    }, ["connectionId", "role", "state", "invitation", "createdAt", "self", "kind"]),
    example: {
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
  },
  {
    name: "IssueCredentialRecordUpdated",
    source: "identus",
    description: "An update in the VC issuance flow state (offer, request, credential), the record's protocolState.",
    schema: dataSchema("Identus issue-credential record", {
      recordId: text("The issuance record's id"),
      thid: text("DIDComm thread id of the issuance flow"),
      credentialFormat: choice(["JWT", "AnonCreds", "SDJWT"], "Format of the credential"),
      subjectId: text("The holder's DID, when known"),
      validityPeriod: { type: "number", description: "Validity of the credential in seconds" },
      claims: record("The claims offered"),
      automaticIssuance: flag("Whether the issuer issues as soon as the request arrives"),
      role: choice(["Issuer", "Holder"], "This agent's role in the issuance"),
      protocolState: choice(CREDENTIAL_STATES, "The issuance flow's new state"),
      credential: text("The issued credential, base64-encoded, once there is one"),
      issuingDID: text("The issuer's DID"),
      goalCode: text("Goal code of the offer"),
      goal: text("Goal of the offer"),
      myDid: text("This agent's DID on the flow"),
      createdAt: timestamp("When the record was created"),
      updatedAt: timestamp("When the record last changed"),
      ...retries,
    }, ["recordId", "protocolState"]),
    example: {
      recordId: "80d612dc-0ded-4ac9-90b4-1b8eabb04545",
      thid: "0527aea1-d131-4d63-9e6a-8a2de2b1b0dc",
      credentialFormat: "JWT",
      subjectId: "did:prism:4a5b5cf0a513e83b598bbea25cd6196746747f361a73ef77068268bc9bd732ff",
      claims: { firstname: "Alice", lastname: "Wonderland" },
      automaticIssuance: true,
      role: "Issuer",
      protocolState: "CredentialSent",
      issuingDID: "did:prism:9f847f8bbb66c112f71d08ab39930d468ccbfe1e0e1d002be53d46c431212c26",
      createdAt: "2023-07-06T12:05:41.108731Z",
      updatedAt: "2023-07-06T12:06:02.511200Z",
      metaRetries: 5,
    },
  },
  {
    name: "PresentationUpdated",
    source: "identus",
    description: "An update in the VC presentation flow state (request, presentation, verification), the record's status.",
    schema: dataSchema("Identus presentation record", {
      presentationId: text("The presentation record's id"),
      thid: text("DIDComm thread id of the presentation flow"),
      role: choice(["Verifier", "Prover"], "This agent's role in the presentation"),
      status: choice(PRESENTATION_STATES, "The presentation flow's new state"),
      proofs: list(record("A requested proof"), "The proofs requested"),
      data: list(text("A presentation"), "The presentations received, once there are some"),
      requestData: list(text("A request"), "The presentation requests"),
      connectionId: text("The connection the flow runs over"),
      disclosedClaims: record("Claims disclosed in the presentation"),
      goalCode: text("Goal code of the request"),
      goal: text("Goal of the request"),
      myDid: text("This agent's DID on the flow"),
      ...retries,
    }, ["presentationId", "status"]),
    example: {
      presentationId: "938bfc23-f78d-4734-9bf3-6dccf300856f",
      thid: "04112f4d-e7a4-4152-8a66-0d5c1d1c2b8d",
      role: "Verifier",
      status: "PresentationVerified",
      proofs: [],
      data: ["eyJhbGciOiJFUzI1NksifQ..."],
      connectionId: "e0d81be9-47ca-4e0b-b8a7-325e8c3abc2f",
      metaRetries: 5,
    },
  },
  {
    name: "DIDStatusUpdated",
    source: "identus",
    description: "An update in the DID publication state; currently only PUBLISHED is notified.",
    schema: dataSchema("Identus managed DID", {
      did: text("The managed DID"),
      longFormDid: text("The long-form DID (always present until the DID is published)"),
      status: text("Publication state: CREATED, PUBLICATION_PENDING or PUBLISHED"),
    }, ["did", "status"]),
    example: {
      did: "did:prism:4a5b5cf0a513e83b598bbea25cd6196746747f361a73ef77068268bc9bd732ff",
      status: "PUBLISHED",
    },
  },
];
