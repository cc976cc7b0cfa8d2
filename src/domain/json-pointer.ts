/** JSON Pointers (RFC 6901) for `redact`: which values of an event are sent as "[redacted]". */

/** What a redacted value is replaced with. */
export const REDACTED_VALUE = "[redacted]";

// "/" then segments; "~" only as the escapes "~0" (~) and "~1" (/).
const POINTER = /^(\/([^~/]|~[01])*)+$/;

/** The unescaped segments of a pointer, or null when it is not a JSON Pointer. */
export function pointerSegments(pointer: string): string[] | null {
  if (!POINTER.test(pointer)) return null;
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * A copy of `root` with the value at each path (segments) replaced by "[redacted]". Only the
 * objects along a path are copied, keys keep their order, and a path that leads nowhere
 * (a missing key, an index past the end) changes nothing: redaction never adds a value.
 */
export function redactPaths<T>(root: T, paths: readonly (readonly string[])[]): T {
  let out: unknown = root;
  for (const path of paths) out = replaceAt(out, path, 0);
  return out as T;
}

function replaceAt(node: unknown, path: readonly string[], i: number): unknown {
  if (i === path.length) return REDACTED_VALUE;
  const segment = path[i]!;
  if (Array.isArray(node)) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment) || Number(segment) >= node.length) return node;
    const copy = [...node];
    copy[Number(segment)] = replaceAt(node[Number(segment)], path, i + 1);
    return copy;
  }
  if (node !== null && typeof node === "object" && Object.hasOwn(node, segment)) {
    const value = (node as Record<string, unknown>)[segment];
    // A computed key never hits the __proto__ setter: "__proto__" stays an ordinary key.
    return { ...node, [segment]: replaceAt(value, path, i + 1) };
  }
  return node;
}
