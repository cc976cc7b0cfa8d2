import { describe, expect, it } from "vitest";
import { toBase64 } from "../../src/domain/crypto/encoding";
import {
  keyId,
  open,
  reseal,
  seal,
  sealedKeyId,
  UnknownKeyError,
} from "../../src/domain/crypto/secret-box";

const newKey = () => toBase64(crypto.getRandomValues(new Uint8Array(32)));
const OLD = newKey();
const NEW = newKey();

describe("the key ring", () => {
  it("stores the sealing key's id beside each ciphertext", async () => {
    const sealed = await seal({ keys: [OLD] }, "whsec_abc");
    expect(sealed.startsWith(`v1.${await keyId(OLD)}.`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(await keyId(OLD));
    expect(await keyId(OLD)).not.toBe(await keyId(NEW));
  });

  it("opens what an old key sealed after the new key is put first", async () => {
    const sealed = await seal({ keys: [OLD] }, "whsec_abc");
    expect(await open({ keys: [NEW, OLD] }, sealed)).toBe("whsec_abc");
    expect(sealedKeyId(await seal({ keys: [NEW, OLD] }, "x"))).toBe(await keyId(NEW));
  });

  it("opens legacy values (no key id) with whichever key sealed them", async () => {
    const legacy = (await seal({ keys: [OLD] }, "legacy")).split(".")[2]!;
    expect(sealedKeyId(legacy)).toBeNull();
    expect(await open({ keys: [NEW, OLD] }, legacy)).toBe("legacy");
    await expect(open({ keys: [NEW] }, legacy)).rejects.toThrow();
  });

  it("refuses a ciphertext under a key id the ring does not hold, naming the id", async () => {
    const sealed = await seal({ keys: [NEW] }, "secret");
    const failure = open({ keys: [OLD] }, sealed);
    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(await keyId(NEW));
  });

  it("re-seals under the first key, and leaves a value already under it as it is", async () => {
    const ring = { keys: [NEW, OLD] };
    const moved = await reseal(ring, await seal({ keys: [OLD] }, "v"));
    expect(sealedKeyId(moved)).toBe(await keyId(NEW));
    expect(await open({ keys: [NEW] }, moved)).toBe("v");
    expect(await reseal(ring, moved)).toBe(moved);
  });
});
