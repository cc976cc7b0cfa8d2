/** Seconds before a failed queue message's next try: 1, 2, 4, … up to a minute. */
function backoff(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

/** Hands a message back to the queue for a later try, backing off with its attempts. */
export function retryLater(m: Message<unknown>): void {
  m.retry({ delaySeconds: backoff(m.attempts) });
}
