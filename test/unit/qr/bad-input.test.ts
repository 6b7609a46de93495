import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeQr, QR_ERROR_CODES, QrError, type QrErrorCode } from "../../../src/qr/index.js";
import { handmadePng, noisePhoto, qrPng, qrRaster } from "./images.js";

const TEXT =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";

async function refusal(bytes: Uint8Array): Promise<QrErrorCode> {
  try {
    await decodeQr(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(QrError);
    return (err as QrError).code;
  }
  throw new Error("expected a QrError");
}

async function texts(bytes: Uint8Array): Promise<string[]> {
  return (await decodeQr(bytes)).codes.map((c) => c.text);
}

describe("decodeQr refuses bad input with a typed error", () => {
  it("zero bytes", async () => {
    expect(await refusal(new Uint8Array(0))).toBe("empty");
  });

  it("a truncated JPEG", async () => {
    const jpeg = await sharp(await qrPng(TEXT))
      .jpeg()
      .toBuffer();
    expect(await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe("corrupt");
  });

  it("a JPEG with only its header", async () => {
    const jpeg = await sharp(await qrPng(TEXT))
      .jpeg()
      .toBuffer();
    expect(await refusal(jpeg.subarray(0, 20))).toBe("corrupt");
  });

  it("text, PDF and random bytes", async () => {
    expect(await refusal(new TextEncoder().encode("hello, this is not a picture at all"))).toBe("not_image");
    expect(await refusal(new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj"))).toBe("not_image");
    expect(await refusal(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))).toBe("not_image");
  });

  it("a 50 MB file, before decoding it", async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await refusal(big)).toBe("too_large");
  });

  it("a 30000×30000 PNG decompression bomb", async () => {
    const row = Buffer.alloc(1 + 30000 / 8);
    const rows = Buffer.alloc(row.length * 30000);
    const bomb = handmadePng(30000, 30000, 0, 1, rows);
    expect(bomb.length).toBeLessThan(2_000_000);
    expect(await refusal(bomb)).toBe("pixel_limit");
  });

  it("HEIC, with a clear code for 'send it as a photo'", async () => {
    const ftyp = Buffer.alloc(32);
    ftyp.writeUInt32BE(24, 0);
    ftyp.write("ftypheic\0\0\0\0mif1heic", 4, "latin1");
    expect(await refusal(ftyp)).toBe("heic");
  });

  it("formats we do not read: SVG, BMP", async () => {
    expect(await refusal(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe(
      "unsupported_format",
    );
    const bmp = Buffer.alloc(64);
    bmp.write("BM", 0, "latin1");
    expect(await refusal(bmp)).toBe("unsupported_format");
  });

  it("lists every code it can throw", () => {
    expect(QR_ERROR_CODES).toEqual(
      expect.arrayContaining([
        "empty",
        "too_large",
        "not_image",
        "heic",
        "unsupported_format",
        "pixel_limit",
        "corrupt",
      ]),
    );
  });
});

describe("decodeQr reads unusual but valid pictures", () => {
  it("a CMYK JPEG", async () => {
    const cmyk = await sharp(await qrPng(TEXT))
      .toColourspace("cmyk")
      .jpeg({ quality: 90 })
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    expect(await texts(cmyk)).toEqual([TEXT]);
  });

  it("a 16-bit PNG", async () => {
    const png16 = await sharp(await qrPng(TEXT))
      .toColourspace("rgb16")
      .png()
      .toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe("ushort");
    expect(await texts(png16)).toEqual([TEXT]);
  });

  it("a grey+alpha PNG whose background is transparent", async () => {
    const { width, height, dark } = await qrRaster(TEXT);
    const rows = Buffer.alloc((1 + width * 2) * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = y * (1 + width * 2) + 1 + x * 2;
        rows[at] = 0;
        rows[at + 1] = dark(x, y) ? 255 : 0;
      }
    }
    const png = handmadePng(width, height, 4, 8, rows);
    expect(await sharp(png).metadata()).toMatchObject({ channels: 2, hasAlpha: true });
    expect(await texts(png)).toEqual([TEXT]);
  });

  it("the first frame of an animated GIF", async () => {
    const { data, width, height } = await qrRaster(TEXT, 4);
    const frames = Buffer.concat([data, Buffer.alloc(data.length, 128)]);
    const gif = await sharp(frames, { raw: { width, height: height * 2, channels: 1, pageHeight: height } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    expect(await texts(gif)).toEqual([TEXT]);
  });

  it("WebP, TIFF and AVIF", async () => {
    const png = await qrPng(TEXT);
    for (const encoded of [
      await sharp(png).webp({ quality: 90 }).toBuffer(),
      await sharp(png).tiff().toBuffer(),
      await sharp(png).avif({ quality: 80 }).toBuffer(),
    ]) {
      expect(await texts(encoded)).toEqual([TEXT]);
    }
  });

  it("honours EXIF orientation", async () => {
    const png = await qrPng(TEXT);
    const wide = await sharp(png).extend({ right: 200, background: "#ffffff" }).toBuffer();
    const meta = await sharp(wide).metadata();
    const rotated = await sharp(wide).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
    const result = await decodeQr(rotated);
    expect([result.width, result.height]).toEqual([meta.height, meta.width]);
    expect(result.codes.map((c) => c.text)).toEqual([TEXT]);
  });

  it("returns no codes, not an error, for a picture without one", async () => {
    const result = await decodeQr(await noisePhoto(320, 240));
    expect(result.codes).toEqual([]);
    expect(result.attempts).toBeGreaterThan(1);
  });

  it("stops at the time budget", async () => {
    const result = await decodeQr(await noisePhoto(), { timeoutMs: 1 });
    expect(result).toMatchObject({ codes: [], timedOut: true });
  });
});
