import { describe, expect, it } from "vitest";
import { greyImage } from "../../../src/qr/image.js";
import { adaptiveThreshold, crop, fitWithin, resize, sharpen } from "../../../src/qr/preprocess.js";
import { sniffFormat } from "../../../src/qr/sniff.js";

function gradient(width: number, height: number) {
  const image = greyImage(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) image.data[y * width + x] = (x * 255) / (width - 1);
  return image;
}

const mean = (data: Uint8Array) => data.reduce((a, b) => a + b, 0) / data.length;

describe("preprocess", () => {
  it("resizes down by area and up bilinearly, keeping the brightness", () => {
    const src = gradient(300, 200);
    const down = resize(src, 97, 61);
    expect([down.width, down.height]).toEqual([97, 61]);
    expect(Math.abs(mean(down.data) - mean(src.data))).toBeLessThan(1.5);
    const up = resize(src, 450, 300);
    expect(Math.abs(mean(up.data) - mean(src.data))).toBeLessThan(1.5);
    expect(fitWithin(src, 150)).toMatchObject({ width: 150, height: 100 });
    expect(fitWithin(src, 500)).toBe(src);
  });

  it("crops inside the image only", () => {
    const part = crop(gradient(100, 50), -10, 40, 30, 30);
    expect([part.width, part.height]).toEqual([20, 10]);
    expect(part.data[0]).toBe(0);
  });

  it("sharpens, keeping the size", () => {
    expect(sharpen(gradient(40, 40)).data.length).toBe(1600);
  });

  it("thresholds against the local mean", () => {
    // A smooth gradient has no local contrast: it stays white but for the darkest edge.
    const binary = adaptiveThreshold(gradient(50, 50), 5);
    expect(binary.data.filter((v) => v === 0).length).toBeLessThan(binary.data.length * 0.1);
    const spot = greyImage(30, 30);
    spot.data.fill(200);
    spot.data[15 * 30 + 15] = 20;
    expect(adaptiveThreshold(spot, 4).data[15 * 30 + 15]).toBe(0);
  });
});

describe("sniffFormat", () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Uint8Array.from(
      parts
        .flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p))
        .concat(new Array(16).fill(0)),
    );

  it("tells the formats apart by their first bytes", () => {
    expect(sniffFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffFormat(bytes([0x89], "PNG\r\n", [0x1a, 0x0a]))).toBe("png");
    expect(sniffFormat(bytes("GIF89a"))).toBe("gif");
    expect(sniffFormat(bytes("RIFF", [0, 0, 0, 0], "WEBP"))).toBe("webp");
    expect(sniffFormat(bytes("II*", [0]))).toBe("tiff");
    expect(sniffFormat(bytes([0, 0, 0, 28], "ftypavif", [0, 0, 0, 0], "mif1"))).toBe("avif");
    expect(sniffFormat(bytes([0, 0, 0, 24], "ftypheic", [0, 0, 0, 0], "mif1"))).toBe("heic");
    expect(sniffFormat(bytes([0, 0, 0, 24], "ftypmif1", [0, 0, 0, 0], "heic"))).toBe("heic");
    expect(sniffFormat(bytes("BM"))).toBe("other_image");
    expect(sniffFormat(bytes("%PDF-1.4"))).toBe("unknown");
    expect(sniffFormat(new Uint8Array(3))).toBe("unknown");
  });
});
