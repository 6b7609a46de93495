import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeQr } from "../../../src/qr/index.js";
import { readZxing, zxingModule } from "../../../src/qr/zxing.js";
import { qrRaster } from "./images.js";

const SBP =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";

/** The code printed on cloth: every module pushed up to `amount` modules along smooth waves. */
async function bentCode(amount: number): Promise<{ raw: Buffer; width: number; png: Buffer }> {
  const scale = 5;
  const { width, dark } = await qrRaster(SBP, scale);
  const raw = Buffer.alloc(width * width);
  const wave = 20 * scale;
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const sx = x + amount * scale * Math.sin((2 * Math.PI * y) / wave);
      const sy = y + amount * scale * Math.sin((2 * Math.PI * x) / wave + 1);
      raw[y * width + x] = dark(sx, sy) ? 30 : 220;
    }
  }
  const png = await sharp(raw, { raw: { width, height: width, channels: 1 } })
    .blur(0.8)
    .png()
    .toBuffer();
  return { raw, width, png };
}

describe("re-sampling a bent code", () => {
  it("reads a code whose grid is too bent for one perspective transform", async () => {
    const { raw, width, png } = await bentCode(0.3);
    const zxing = await zxingModule();
    const plain = readZxing(zxing, { data: raw, width, height: width }, { returnErrors: true });
    expect(plain.filter((c) => c.error === undefined)).toEqual([]);
    expect(plain.some((c) => c.modules !== undefined)).toBe(true);

    const result = await decodeQr(png);
    expect(result.codes.map((c) => c.text)).toEqual([SBP]);
    expect(result.codes[0]!.variant).toMatch(/^regrid/);
  });
});
