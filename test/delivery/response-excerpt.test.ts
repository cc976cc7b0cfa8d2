import { describe, expect, it } from "vitest";
import { responseExcerpt, truncateUtf8 } from "../../src/delivery/response-excerpt";

const utf8 = (text: string) => new TextEncoder().encode(text);
const size = (text: string) => utf8(text).byteLength;

describe("responseExcerpt", () => {
  it("keeps an answer within the limit as it is", () => {
    expect(responseExcerpt(utf8("ok: déjà vu ✓"), 64)).toBe("ok: déjà vu ✓");
  });

  it("keeps exactly the first maxBytes of a longer ASCII answer", () => {
    expect(responseExcerpt(utf8("x".repeat(100)), 10)).toBe("x".repeat(10));
  });

  it("turns invalid UTF-8 into U+FFFD instead of failing", () => {
    expect(responseExcerpt(new Uint8Array([0x41, 0xff, 0x42]), 64)).toBe("A\uFFFDB");
  });

  it("shows a truncated character at the real end of an answer as U+FFFD", () => {
    // "é" is c3 a9; the answer itself ends after c3.
    expect(responseExcerpt(new Uint8Array([0x41, 0xc3]), 64)).toBe("A\uFFFD");
  });

  it("drops a character that the limit cuts in half rather than inventing a U+FFFD", () => {
    // "aé" + more: the limit of 2 bytes falls inside "é".
    expect(responseExcerpt(utf8("aébc"), 2)).toBe("a");
  });

  it("stays within maxBytes even when every byte is invalid and decodes to three", () => {
    const excerpt = responseExcerpt(new Uint8Array(50).fill(0xff), 16);
    expect(size(excerpt)).toBeLessThanOrEqual(16);
    expect(excerpt).toBe("\uFFFD".repeat(5));
  });

  it("keeps NUL characters, which D1 stores and returns intact", () => {
    expect(responseExcerpt(new Uint8Array([0x61, 0x00, 0x62]), 64)).toBe("a\u0000b");
  });
});

describe("truncateUtf8", () => {
  it("returns text that fits unchanged", () => {
    expect(truncateUtf8("héllo", 6)).toBe("héllo");
  });

  it("never splits a multi-byte character", () => {
    expect(truncateUtf8("a😀b", 4)).toBe("a");
    expect(truncateUtf8("a😀b", 5)).toBe("a😀");
  });

  it("returns an empty string when not even the first character fits", () => {
    expect(truncateUtf8("😀", 3)).toBe("");
  });
});
