import { sha256Hex } from "../crypto/encoding";

/**
 * A Herald event as an agent adapter derives it from the agent's own webhook call: the
 * fields of POST /v1/events that such a call can fill (structurally an EventInputType).
 */
export interface AgentEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  subject?: string;
  /** The wallet the agent names (Identus `walletId`, ACA-Py `X-Wallet-Id`); the caller reconciles it with the API key. */
  walletId?: string;
}

// 128 bits: collisions are out of reach, and the id stays well inside Herald's 128-character limit.
const HASH_HEX_CHARS = 32;

/**
 * A deterministic event id, `${prefix}-<32 hex of SHA-256>`, for agents whose calls carry no
 * event id: the same call again yields the same id, so ingest answers it as a repeat.
 */
export async function derivedEventId(prefix: string, parts: readonly string[]): Promise<string> {
  // A JSON array keeps the parts apart whatever they contain: ["a,b"] and ["a","b"] differ.
  return `${prefix}-${(await sha256Hex(JSON.stringify(parts))).slice(0, HASH_HEX_CHARS)}`;
}
