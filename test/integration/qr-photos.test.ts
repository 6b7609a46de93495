import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeneratedPhoto, generatePhotos } from "../../scripts/gen-sbp-photos.js";
import { parsePaymentCode } from "../../src/payment-codes/index.js";
import { decodeQr } from "../../src/qr/index.js";

const SIZES = [
  [640, 480],
  [480, 640],
] as const;

describe("generated SBP photos", () => {
  let dir: string;
  let manifest: GeneratedPhoto[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qr-photos-"));
    manifest = await generatePhotos({ out: dir, count: 10, noCode: 4, seed: 20260, sizes: SIZES });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are the same for the same seed", async () => {
    const again = mkdtempSync(join(tmpdir(), "qr-photos-again-"));
    try {
      const second = await generatePhotos({ out: again, count: 2, noCode: 1, seed: 20260, sizes: SIZES });
      expect(second.slice(0, 2)).toEqual(manifest.slice(0, 2));
      expect(readFileSync(join(again, "sbp/0001.jpg"))).toEqual(readFileSync(join(dir, "sbp/0001.jpg")));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it("decode to their SBP links with valid CRCs, and pictures without a code decode to nothing", async () => {
    let decoded = 0;
    for (const photo of manifest) {
      const result = await decodeQr(readFileSync(join(dir, photo.file)));
      const texts = result.codes.map((c) => c.text);
      if (photo.noCode) {
        expect(texts, photo.file).toEqual([]);
        continue;
      }
      if (texts.length === 0) continue;
      expect(texts, photo.file).toEqual([photo.text]);
      const code = parsePaymentCode(result.codes[0]!.bytes);
      expect(code).toMatchObject({ kind: "sbp", crcValid: true });
      // Static codes (type 01) carry no sum; nothing else may be wrong with them.
      expect(code.kind === "sbp" && code.warnings.filter((w) => w !== "static_no_sum")).toEqual([]);
      decoded++;
    }
    // Two to four distortions each; the misses are tiny codes under blur or moiré (plain zxing-wasm reads 5).
    expect(decoded).toBeGreaterThanOrEqual(7);
  });
});
