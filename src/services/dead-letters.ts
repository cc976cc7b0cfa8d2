import type { Principal } from "../app-env";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import type { HeraldMessage } from "../domain/event-contract/messages";
import { HeraldError, notFound } from "../errors/herald-error";
import { logger } from "../observability/logger";
import {
  clearDeadLetterResolved,
  type DeadLetterRow,
  findDeadLetter,
  markDeadLetterResolved,
  pageDeadLetters,
} from "../repositories/dead-letters";
import { adminScope } from "../repositories/scope";

const POSITION = /^[1-9]\d{0,15}$/;

/** A dead letter as the admin API shows it: the message body parsed back from its JSON. */
function view(row: DeadLetterRow) {
  return {
    id: row.id,
    queue: row.queue,
    body: JSON.parse(row.body) as unknown,
    attempts: row.attempts,
    receivedAt: row.receivedAt,
    resolvedAt: row.resolvedAt,
  };
}

/** A page of dead letters, oldest first, with a cursor to the next page (admin only). */
export async function listDeadLetters(
  db: D1Database,
  principal: Principal,
  limit: number,
  cursor?: string,
) {
  const scope = adminScope(principal);
  let after = 0;
  if (cursor !== undefined) {
    const key = decodeCursor(cursor);
    if (key === null || !POSITION.test(key))
      throw new HeraldError("bad_request", "The cursor was not issued by Herald");
    after = Number(key);
  }
  const rows = await pageDeadLetters(db, scope, after, limit);
  const last = rows.at(-1);
  return {
    data: rows.map(view),
    nextCursor: rows.length === limit && last ? encodeCursor(String(last.position)) : null,
  };
}

/** Whether a recorded body is a message the event consumer takes. */
function isHeraldMessage(body: unknown): body is HeraldMessage {
  const kind = (body as { kind?: unknown } | null)?.kind;
  return kind === "event" || kind === "handoff" || kind === "barrier";
}

/**
 * Sends a dead letter's message back to the event queue, once: it is marked replayed first
 * (a second replay is a 409), and the mark is cleared again when the queue refuses. Replaying
 * is safe because every step after the queue is idempotent on (wallet, event, webhook).
 */
export async function replayDeadLetter(
  db: D1Database,
  queue: Queue<HeraldMessage>,
  principal: Principal,
  id: string,
) {
  const scope = adminScope(principal);
  const row = await findDeadLetter(db, scope, id);
  if (!row) throw notFound("Dead letter");
  const body = JSON.parse(row.body) as unknown;
  if (!isHeraldMessage(body))
    throw new HeraldError(
      "conflict",
      "This dead letter is not an event, hand-off or barrier message",
    );
  const at = new Date().toISOString();
  if (!(await markDeadLetterResolved(db, scope, id, at)))
    throw new HeraldError("conflict", "This dead letter was already replayed");
  try {
    await queue.send(body, { contentType: "json" });
  } catch (err) {
    logger.error("replaying a dead letter failed", { deadLetterId: id, error: String(err) });
    await clearDeadLetterResolved(db, scope, id);
    throw new HeraldError("unavailable", "The event queue is not accepting work; retry shortly", {
      headers: { "retry-after": "5" },
    });
  }
  return { id, replayedAt: at };
}
