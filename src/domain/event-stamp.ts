// Date.now() in a Worker only advances across I/O and has millisecond grain, so two
// requests handled back to back can read the same value. The stamp adds a counter to keep
// acceptance order strict within an isolate: microsecond units, never repeating, never
// going back.
let last = 0;

/** A strictly increasing acceptance stamp (microseconds since the epoch) for this isolate. */
export function nextStamp(nowMs = Date.now()): number {
  last = Math.max(nowMs * 1000, last + 1);
  return last;
}
