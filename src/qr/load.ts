import sharp, { type Metadata } from "sharp";
import { QrError } from "./errors.js";
import type { GreyImage } from "./image.js";
import { sniffFormat } from "./sniff.js";

export interface LoadLimits {
  /** Refuse files bigger than this before decoding anything. Default 20 MB (Telegram's getFile limit). */
  maxBytes: number;
  /** Refuse images with more pixels than this (decompression bombs). Default 64 MP (8192²). */
  maxPixels: number;
  /** Larger images are shrunk on load so that the longer side is at most this. Default 4096. */
  maxSide: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 8192 * 8192,
  maxSide: 4096,
};

const SHARP_FORMATS = new Set(["jpeg", "png", "gif", "webp", "tiff", "heif"]);

/** sharp's errors are plain Errors; its pixel limit one is the only one we tell apart. */
function refusal(err: unknown, format: string): QrError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    return new QrError("pixel_limit", "the image has too many pixels", { cause: message });
  }
  return new QrError("corrupt", `the ${format} image is damaged or truncated`, { cause: message });
}

const heic = () => new QrError("heic", "HEIC images are not supported; send the picture as a photo");

/** The refusals that need nothing but the length: the pool gives them without crossing threads. */
export function sizeRefusal(bytes: Uint8Array, maxBytes: number): QrError | undefined {
  if (bytes.length === 0) return new QrError("empty", "the file is empty");
  if (bytes.length <= maxBytes) return undefined;
  return new QrError("too_large", `the file is ${bytes.length} bytes, over the ${maxBytes} limit`);
}

/**
 * Image bytes → an upright 8-bit grey image. Transparent pixels become white (codes printed on
 * transparent PNGs are dark on nothing), EXIF orientation is applied, 16-bit and CMYK inputs are
 * converted, animated images give their first frame.
 */
export async function loadGrey(
  bytes: Uint8Array,
  limits: LoadLimits = DEFAULT_LOAD_LIMITS,
): Promise<GreyImage> {
  const refused = sizeRefusal(bytes, limits.maxBytes);
  if (refused) throw refused;
  const sniffed = sniffFormat(bytes);
  if (sniffed === "heic") throw heic();
  if (sniffed === "other_image")
    throw new QrError("unsupported_format", "this image format is not supported");
  if (sniffed === "unknown") throw new QrError("not_image", "the file is not an image");

  const options = { limitInputPixels: limits.maxPixels, failOn: "truncated", sequentialRead: true } as const;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch (err) {
    throw refusal(err, sniffed);
  }
  if (!SHARP_FORMATS.has(meta.format ?? "")) {
    throw new QrError("unsupported_format", `unexpected image format ${meta.format}`);
  }
  if (meta.format === "heif" && meta.compression !== "av1") throw heic();
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new QrError("corrupt", "the image has no size");
  if (width * height > limits.maxPixels) {
    throw new QrError(
      "pixel_limit",
      `the image is ${width}×${height}, over the ${limits.maxPixels} pixel limit`,
    );
  }

  try {
    let pipeline = sharp(bytes, options).rotate();
    if (meta.hasAlpha) pipeline = pipeline.flatten({ background: "#ffffff" });
    // Grey input stays one channel (sharp would otherwise expand it to sRGB).
    if ((meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0) === 1) pipeline = pipeline.toColourspace("b-w");
    if (Math.max(width, height) > limits.maxSide) {
      pipeline = pipeline.resize({ width: limits.maxSide, height: limits.maxSide, fit: "inside" });
    }
    // Not sharp's greyscale(): libvips converts through linear light in floats, which costs as much
    // as decoding the JPEG. Grey images stay one channel; colour ones come out as 8-bit sRGB.
    const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    return toGrey(data, info.width, info.height, info.channels);
  } catch (err) {
    throw refusal(err, sniffed);
  }
}

/**
 * Interleaved 8-bit pixels → grey, with the integer luma weights zxing-cpp uses for RGB input
 * (0.299 R + 0.587 G + 0.114 B).
 */
export function toGrey(data: Uint8Array, width: number, height: number, channels: number): GreyImage {
  const n = width * height;
  if (data.length !== n * channels) throw new Error("pixel buffer of the wrong size");
  if (channels === 1) return { data: new Uint8Array(data.buffer, data.byteOffset, n), width, height };
  const grey = new Uint8Array(n);
  let done = 0;
  if (channels === 3 && data.byteOffset % 4 === 0) {
    // The hot path (every colour photo): four pixels from three little-endian 32-bit reads (as in
    // jsqr.ts), a quarter faster than byte by byte.
    const words = new Uint32Array(data.buffer, data.byteOffset, Math.floor(n / 4) * 3);
    for (let j = 0; j < words.length; j += 3, done += 4) {
      const a = words[j]!;
      const b = words[j + 1]!;
      const c = words[j + 2]!;
      grey[done] = (306 * (a & 255) + 601 * ((a >>> 8) & 255) + 117 * ((a >>> 16) & 255) + 512) >> 10;
      grey[done + 1] = (306 * (a >>> 24) + 601 * (b & 255) + 117 * ((b >>> 8) & 255) + 512) >> 10;
      grey[done + 2] = (306 * ((b >>> 16) & 255) + 601 * (b >>> 24) + 117 * (c & 255) + 512) >> 10;
      grey[done + 3] = (306 * ((c >>> 8) & 255) + 601 * ((c >>> 16) & 255) + 117 * (c >>> 24) + 512) >> 10;
    }
  }
  for (let i = done, j = done * channels; i < n; i++, j += channels) {
    grey[i] =
      channels < 3 ? data[j]! : (306 * data[j]! + 601 * data[j + 1]! + 117 * data[j + 2]! + 512) >> 10;
  }
  return { data: grey, width, height };
}
