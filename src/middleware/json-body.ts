import { createMiddleware } from "hono/factory";
import { HeraldError } from "../errors/herald-error";

/** How deeply objects and arrays may nest in a request body: far beyond any agent's payload, far below a stack overflow. */
export const MAX_JSON_DEPTH = 64;

// fatal: bytes that are not UTF-8 are refused (RFC 8259 requires it), never replaced with U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const [QUOTE, BACKSLASH, OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY] = [
  0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d,
];

/** The deepest nesting of objects and arrays in JSON bytes (strings skipped), one pass without parsing. */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > deepest) deepest = depth;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** Why parsed JSON text cannot be taken as it is, or null: a `__proto__` key (it would silently vanish, or re-prototype an object) or a lone surrogate (it cannot be stored or sent as UTF-8). */
function valueProblem(text: string): string | null {
  // Only text that spells one of them (possibly through a \u escape) needs the slow look.
  if (!text.includes("__proto__") && !text.includes("\\u")) return null;
  let problem: string | null = null;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key === "__proto__") problem ??= 'The key "__proto__" is not accepted';
      // isWellFormed is false exactly when a string holds an unpaired UTF-16 surrogate.
      else if (!key.isWellFormed() || (typeof value === "string" && !value.isWellFormed())) {
        problem ??=
          "The body contains a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape)";
      }
      return value;
    });
  } catch {
    // Malformed JSON: the route's validator says so.
  }
  return problem;
}

/**
 * Checks a JSON request body before any route parses it: UTF-8 only, nested at most
 * MAX_JSON_DEPTH deep (deeper input overflows the stack of recursive code such as hashing
 * and schema checks), no `__proto__` keys, no lone surrogates. Each refusal is a 400. Runs
 * after limitBodySize, which has already buffered the body.
 */
export function strictJsonBody() {
  return createMiddleware(async function strictJsonBody(c, next) {
    if (!c.req.raw.body || !JSON_TYPE.test(c.req.header("content-type") ?? "")) return next();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new HeraldError("bad_request", "The request body is not valid UTF-8");
    }
    if (jsonDepth(bytes) > MAX_JSON_DEPTH) {
      throw new HeraldError(
        "bad_request",
        `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
      );
    }
    const problem = valueProblem(text);
    if (problem) throw new HeraldError("bad_request", problem);
    // The validator's c.req.json() reads hono's cached text: without this it decodes the bytes
    // again through a new Response. Hono keeps promises there, whatever its type says.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  });
}
