import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { qrModules } from "../../../scripts/gen-sbp-photos.js";

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG written by hand, for layouts sharp does not write (grey+alpha, a 30000² bomb).
 * `rows` are unfiltered scanlines; each gets filter byte 0.
 */
export function handmadePng(
  width: number,
  height: number,
  colourType: number,
  bitDepth: number,
  rows: Buffer,
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A clean QR code as an 8-bit grey raster: `scale` px per module, 4 modules of quiet zone. */
export async function qrRaster(
  text: string | Uint8Array,
  scale = 6,
): Promise<{ data: Buffer; width: number; height: number; dark: (x: number, y: number) => boolean }> {
  const { size, dark } = await qrModules(text, "M");
  const total = size + 8;
  const width = total * scale;
  const isDark = (x: number, y: number) => {
    const i = Math.floor(x / scale) - 4;
    const j = Math.floor(y / scale) - 4;
    return i >= 0 && j >= 0 && i < size && j < size && dark[j * size + i]!;
  };
  const data = Buffer.alloc(width * width);
  for (let y = 0; y < width; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = isDark(x, y) ? 0 : 255;
  return { data, width, height: width, dark: isDark };
}

export async function qrPng(text: string | Uint8Array, scale = 6): Promise<Buffer> {
  const { data, width, height } = await qrRaster(text, scale);
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Busy noise with no code: every attempt of the ladder runs on it. */
export function noisePhoto(width = 1280, height = 960): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 70 },
    },
  })
    .jpeg({ quality: 87 })
    .toBuffer();
}
