// Suggestions for a mistyped event type: the known names nearest by edit distance.

/** Levenshtein distance between two strings, ignoring case (ConnectionUpdated vs connectionupdated is a typo, not a new type). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[t.length]!;
}

/** The `limit` candidates closest to `name` (ties in alphabetical order), without duplicates. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort(
      (x, y) =>
        x.distance - y.distance ||
        (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
