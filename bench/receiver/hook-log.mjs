// What one webhook's receiver saw: unique deliveries, duplicates (a webhook-id answered 2xx
// before), fifo order per poster (events posted one after another on one connection carry
// {conn, n}; n must only grow), for a subject-ordered webhook each subject's webhook-sequence
// (1, 2, 3…: a gap or a step back is a violation), failed answers, bad signatures, and latencies.
export class HookLog {
  constructor(fifo, subject = false) {
    this.fifo = fifo;
    this.subject = subject;
    this.lastSequence = new Map();
    this.seen = new Set();
    this.lastN = new Map();
    this.counts = {
      delivered: 0,
      duplicates: 0,
      orderViolations: 0,
      failedAnswers: 0,
      badSignatures: 0,
    };
    this.firstAt = null;
    this.lastAt = null;
    this.latencies = [];
  }

  /** A 2xx answer to this delivery (after its signature checked out). */
  delivered(webhookId, body, now, sequence) {
    if (this.seen.has(webhookId)) {
      this.counts.duplicates++;
      return;
    }
    this.seen.add(webhookId);
    this.counts.delivered++;
    this.firstAt ??= now;
    this.lastAt = now;
    const data = JSON.parse(body).data ?? {};
    if (typeof data.postedAt === "number") this.latencies.push(now - data.postedAt);
    if (this.fifo && typeof data.conn === "number") {
      const last = this.lastN.get(data.conn) ?? -Infinity;
      if (data.n <= last) this.counts.orderViolations++;
      else this.lastN.set(data.conn, data.n);
    }
    if (this.subject && typeof data.subject === "string") {
      const last = this.lastSequence.get(data.subject) ?? 0;
      if (Number(sequence) !== last + 1) this.counts.orderViolations++;
      this.lastSequence.set(data.subject, Number(sequence));
    }
  }

  failed() {
    this.counts.failedAnswers++;
  }

  badSignature() {
    this.counts.badSignatures++;
  }

  summary(withLatencies) {
    return {
      ...this.counts,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      ...(withLatencies ? { latencies: this.latencies } : {}),
    };
  }
}
