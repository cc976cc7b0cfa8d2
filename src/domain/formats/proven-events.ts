// Proven's agents run ACA-Py and tell their receivers about ACA-Py records under Proven's own
// event names. An event whose type is an ACA-Py topic is named, in the proven format, after the
// first row below that matches its topic and record; any other event keeps its type.

type AcapyRecord = Record<string, unknown>;

/** One row of the ACA-Py topic + state -> Proven event name table. */
export interface ProvenMapping {
  topic: string;
  /** The record's condition, as the README states it. */
  when: string;
  matches: (record: AcapyRecord) => boolean;
  event: string;
}

const state = (record: AcapyRecord) => record.state;

/** The table, in the order rows are tried. */
export const PROVEN_EVENT_MAP: readonly ProvenMapping[] = [
  {
    topic: "connections",
    when: '`state` "active" or "completed", or `rfc23_state` "completed"',
    matches: (r) =>
      state(r) === "active" || state(r) === "completed" || r.rfc23_state === "completed",
    event: "connection:completed",
  },
  {
    topic: "issue_credential_v2_0",
    when: '`state` "done"',
    matches: (r) => state(r) === "done",
    event: "credentials:done",
  },
  {
    topic: "issue_credential",
    when: '`state` "credential_acked"',
    matches: (r) => state(r) === "credential_acked",
    event: "credentials:done",
  },
  {
    topic: "present_proof_v2_0",
    when: '`state` "done" and `verified` "true"',
    matches: (r) => state(r) === "done" && r.verified === "true",
    event: "presentation:verified",
  },
  {
    topic: "present_proof",
    when: '`state` "verified" and `verified` "true"',
    matches: (r) => state(r) === "verified" && r.verified === "true",
    event: "presentation:verified",
  },
  {
    topic: "oid4vci",
    when: '`state` "issued"',
    matches: (r) => state(r) === "issued",
    event: "oid4vc-credential:issued",
  },
  {
    topic: "oid4vp",
    when: '`state` "presentation-valid"',
    matches: (r) => state(r) === "presentation-valid",
    event: "oid4vc-presentation:verified",
  },
  {
    topic: "basicmessages",
    when: '`state` "received"',
    matches: (r) => state(r) === "received",
    event: "basic-message:received",
  },
];

/** The Proven event name for an event of this type and data: mapped for an ACA-Py topic record, else the type itself. */
export function provenEventName(type: string, data: AcapyRecord): string {
  return PROVEN_EVENT_MAP.find((m) => m.topic === type && m.matches(data))?.event ?? type;
}
