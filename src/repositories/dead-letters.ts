import type { AllWallets } from "./scope";

/** A queue message that ran out of retries, as the dead-letter consumer records it. */
export interface DeadLetter {
  id: string;
  queue: string;
  body: unknown;
  attempts: number;
}

/** Records dead letters in one batch; a message recorded before (a redelivery) is left as it was. */
export async function insertDeadLetters(
  db: D1Database,
  _scope: AllWallets,
  letters: DeadLetter[],
  receivedAt: string,
): Promise<void> {
  const insert = db.prepare(
    "INSERT OR IGNORE INTO dead_letters (id, queue, body, attempts, received_at) VALUES (?, ?, ?, ?, ?)",
  );
  await db.batch(
    letters.map((l) => insert.bind(l.id, l.queue, JSON.stringify(l.body), l.attempts, receivedAt)),
  );
}
