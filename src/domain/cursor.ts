// fatal: a cursor whose bytes are not UTF-8 was not issued by Herald.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Opaque list cursor: base64url of the last item's sort key, so clients cannot depend on its shape. */
export function encodeCursor(key: string): string {
  return new TextEncoder().encode(key).toBase64({ alphabet: "base64url", omitPadding: true });
}

/** The sort key inside a cursor, or null when it is not one Herald issued. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    return utf8.decode(Uint8Array.fromBase64(cursor, { alphabet: "base64url" }));
  } catch {
    return null;
  }
}
