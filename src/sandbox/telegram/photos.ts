import sharp, { type Metadata } from "sharp";

/** One rendition of a photo, before it gets a file_id. */
export interface PhotoRendition {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface PhotoOptions {
  /** Largest long side Telegram keeps; bigger photos are scaled down to it. Default 2560. */
  maxSide?: number;
  /** JPEG quality of the re-encoded sizes. Default 87, close to what Telegram produces. */
  quality?: number;
  /**
   * Use the original bytes, untouched, as the largest size (tests that decode exact pixels need this).
   * The smaller sizes are still re-encoded.
   */
  keepOriginal?: boolean;
}

/** The long-side boxes of Telegram's photo sizes (s, m, x, y, w). */
const BOXES = [90, 320, 800, 1280, 2560];

export class PhotoDecodeError extends Error {
  override name = "PhotoDecodeError";
}

/**
 * Renders the sizes Telegram offers for a photo: every box smaller than the image, plus the image itself
 * capped at `maxSide`, each a JPEG, smallest first.
 */
export async function renderPhotoSizes(input: Buffer, options: PhotoOptions = {}): Promise<PhotoRendition[]> {
  const maxSide = options.maxSide ?? 2560;
  const quality = options.quality ?? 87;
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (err) {
    throw new PhotoDecodeError(`not a decodable image: ${(err as Error).message}`);
  }
  const { width, height } = meta.autoOrient ?? meta;
  if (!width || !height) throw new PhotoDecodeError("image without dimensions");
  const longSide = Math.max(width, height);
  const largest = Math.min(longSide, maxSide);
  const boxes = BOXES.filter((box) => box < largest);

  const sizes: PhotoRendition[] = [];
  for (const box of boxes) sizes.push(await render(input, box, quality));
  if (options.keepOriginal) {
    sizes.push({ bytes: input, width, height });
  } else {
    sizes.push(await render(input, largest, quality));
  }
  return sizes;
}

async function render(input: Buffer, box: number, quality: number): Promise<PhotoRendition> {
  try {
    const { data, info } = await sharp(input)
      .autoOrient()
      .resize({ width: box, height: box, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (err) {
    throw new PhotoDecodeError(`can't re-encode the image: ${(err as Error).message}`);
  }
}
