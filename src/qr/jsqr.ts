import jsqrModule from "jsqr";
import type { GreyImage } from "./image.js";

// jsqr is CommonJS: its module.exports is the function, which also carries itself as `.default`.
const jsQR = jsqrModule.default;

export interface JsqrCode {
  text: string;
  bytes: Uint8Array;
}

/** jsQR wants RGBA; it turns it back into grey itself. */
export function greyToRgba(image: GreyImage): Uint8ClampedArray {
  const { data } = image;
  const rgba = new Uint8ClampedArray(data.length * 4);
  const words = new Uint32Array(rgba.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // Little-endian RGBA with alpha 255; every platform Node runs on here is little-endian.
    words[i] = 0xff000000 | (v << 16) | (v << 8) | v;
  }
  return rgba;
}

/**
 * One jsQR pass. jsQR throws on some inputs ("Malformed data passed to binarizer" and index errors
 * on odd geometry), which here simply means "nothing found".
 */
export function readJsqr(
  image: GreyImage,
  invert: "dontInvert" | "onlyInvert" = "dontInvert",
): JsqrCode | null {
  if (image.width < 21 || image.height < 21) return null;
  try {
    const found = jsQR(greyToRgba(image), image.width, image.height, { inversionAttempts: invert });
    if (!found) return null;
    return { text: found.data, bytes: Uint8Array.from(found.binaryData) };
  } catch {
    return null;
  }
}
