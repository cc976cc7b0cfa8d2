// Tenants register JSON Schemas whose `pattern` and `patternProperties` regexes run inside
// Herald's isolate on every ingest. V8's regex engine backtracks, so a pattern such as ^(a+)+$
// can take exponential time on a hostile string and pin the isolate for every wallet. Herald
// refuses, at registration, the shapes that cause catastrophic backtracking instead of trying
// to bound the engine: a quantified group that itself contains a quantifier (nested
// quantifiers), a quantified group whose alternatives can start with the same character
// (overlapping alternation), backreferences (which no linear-time engine supports), and
// patterns longer than MAX_PATTERN_LENGTH.

/** Longest `pattern` (or `patternProperties` key) Herald accepts, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 512;

interface Group {
  /** A quantifier occurs somewhere inside the group (or a nested group that had one). */
  hasQuantifier: boolean;
  /** The first token of each alternative, as written ("a", "\\d", "[", "(", "." …). */
  firsts: string[];
  /** Whether the next token starts a new alternative. */
  atAlternativeStart: boolean;
}

/** Why a regex source is refused, or null when it is safe to run on untrusted input. */
export function screenPattern(source: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(source, "u");
  } catch {
    return "is not a valid regular expression (with the u flag, as JSON Schema requires)";
  }
  const stack: Group[] = [newGroup()];
  let closed: Group | null = null;
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    const top = stack.at(-1)!;
    if (char === "\\") {
      const next = source[i + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") return "uses a backreference";
      noteFirst(top, `\\${next}`);
      closed = null;
      i += 2;
      continue;
    }
    if (char === "[") {
      noteFirst(top, "[");
      closed = null;
      i = skipClass(source, i);
      continue;
    }
    if (char === "(") {
      noteFirst(top, "(");
      stack.push(newGroup());
      closed = null;
      // Skip the group's prefix so "?:", "?=", "?<name>" are not read as quantifiers.
      const prefix = /^\(\?(?::|=|!|<=|<!|<[A-Za-z][\w]*>)/.exec(source.slice(i));
      i += prefix ? prefix[0].length : 1;
      continue;
    }
    if (char === ")") {
      closed = stack.length > 1 ? stack.pop()! : null;
      if (closed?.hasQuantifier) stack.at(-1)!.hasQuantifier = true;
      i += 1;
      continue;
    }
    if (char === "|") {
      top.atAlternativeStart = true;
      closed = null;
      i += 1;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(source.slice(i));
    if (quantifier) {
      if (repeats(quantifier[0]) && closed) {
        if (closed.hasQuantifier)
          return "nests a quantifier inside a repeated group, such as (a+)+";
        if (overlaps(closed.firsts))
          return "repeats a group whose alternatives can start alike, such as (a|ab)*";
      }
      if (varies(quantifier[0])) top.hasQuantifier = true;
      closed = null;
      i += quantifier[0].length;
      continue;
    }
    noteFirst(top, char);
    closed = null;
    i += 1;
  }
  return null;
}

function newGroup(): Group {
  return { hasQuantifier: false, firsts: [], atAlternativeStart: true };
}

function noteFirst(group: Group, token: string): void {
  if (!group.atAlternativeStart) return;
  group.firsts.push(token);
  group.atAlternativeStart = false;
}

// `?` and `{0,1}`/`{1}` run the group at most once: they cannot multiply backtracking.
function repeats(quantifier: string): boolean {
  const bounds = /^\{(\d+)(,(\d*))?\}/.exec(quantifier);
  if (!bounds) return quantifier[0] !== "?";
  if (bounds[2] === undefined) return Number(bounds[1]) > 1;
  return bounds[3] === "" || Number(bounds[3]) > 1;
}

// A fixed count ({3}) matches one way only; anything else can split input several ways.
function varies(quantifier: string): boolean {
  const bounds = /^\{(\d+)(,(\d*))?\}/.exec(quantifier);
  if (!bounds) return true;
  if (bounds[2] === undefined) return false;
  return bounds[3] === "" || Number(bounds[3]) > Number(bounds[1]);
}

// Alternatives starting with a class, a dot, an escape class or a group may match the same
// character; literal first characters overlap only when equal.
function overlaps(firsts: string[]): boolean {
  if (firsts.length < 2) return false;
  const literal = (token: string) => token.length === 1 && !".[(".includes(token);
  const escapedLiteral = (token: string) => /^\\[^dDwWsSpPbB]$/.test(token);
  if (!firsts.every((t) => literal(t) || escapedLiteral(t))) return true;
  return new Set(firsts.map((t) => t.at(-1))).size !== firsts.length;
}

function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === "^") i += 1;
  if (source[i] === "]") i += 1;
  while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
  return i + 1;
}
