import sharp from "sharp";
import { writeBarcode } from "zxing-wasm/writer";
import { zxingWriterReady } from "./wasm.js";

/**
 * A QR code holding `text` as a PNG: black on white with a quiet zone, scaled to about `size`
 * pixels with crisp (nearest-neighbour) modules so wallet apps read it from a phone screen.
 */
export async function encodeQrPng(text: string, size = 512): Promise<Uint8Array> {
  await zxingWriterReady();
  // UTF-8 bytes in byte mode, as banks print GOST codes; left alone, the writer may pick Shift_JIS.
  const result = await writeBarcode(new TextEncoder().encode(text), {
    format: "QRCode",
    ecLevel: "M",
    scale: 1,
  });
  if (!result.image) throw new Error(`could not encode a QR code: ${result.error}`);
  const module = Buffer.from(await result.image.arrayBuffer());
  const { width = 1 } = await sharp(module).metadata();
  const scale = Math.max(1, Math.floor(size / (width + 8)));
  return sharp(module)
    .extend({ top: 4, bottom: 4, left: 4, right: 4, background: "#ffffff" })
    .resize((width + 8) * scale, (width + 8) * scale, { kernel: "nearest" })
    .flatten({ background: "#ffffff" })
    .png()
    .toBuffer();
}
