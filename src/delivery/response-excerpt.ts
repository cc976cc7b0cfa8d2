const encoder = new TextEncoder();

/**
 * The part of a receiver's answer an attempt keeps: at most `maxBytes` UTF-8 bytes of text,
 * whatever the answer was. Invalid UTF-8 becomes U+FFFD rather than an error (3 bytes where
 * there was 1, so the text is measured again after decoding), and when the answer is longer
 * than the limit a character cut in half there is dropped rather than shown as U+FFFD.
 */
export function responseExcerpt(bytes: Uint8Array, maxBytes: number): string {
  const cut = bytes.byteLength > maxBytes;
  // stream: true holds back an incomplete trailing sequence: right where the cut fell, wrong at a real end.
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(
    bytes.subarray(0, maxBytes),
    { stream: cut },
  );
  return truncateUtf8(text, maxBytes);
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const encoded = encoder.encode(text);
  if (encoded.byteLength <= maxBytes) return text;
  let end = maxBytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the character that does not fit.
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(encoded.subarray(0, end));
}
