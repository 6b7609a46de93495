import type { GreyImage } from "./image.js";
import * as px from "./preprocess.js";
import { type Point, regrid } from "./regrid.js";
import type { ZxingCode, ZxingOptions } from "./zxing.js";

/** Derived images of one photo, computed on first use and shared by the attempts. */
export type Variants = Map<string, GreyImage | null>;

type Transform = (base: GreyImage, get: (name: string) => GreyImage | null) => GreyImage | null;

const longSide = (image: GreyImage) => Math.max(image.width, image.height);
const shortSide = (image: GreyImage) => Math.min(image.width, image.height);

/** White margin added before enlarging: a code cut off by the frame gets back some of its quiet zone. */
const MARGIN = 32;

/**
 * Named image variants. `null` means "does not apply to this image" (e.g. no upscaling of an image
 * that is already large), and the attempts that need it are skipped.
 */
const TRANSFORMS: Record<string, Transform> = {
  // Full resolution, only for photos larger than `work`: small codes in big pictures.
  base: (base, get) => (get("work") === base ? null : base),
  // Working copy for photos sent as files: attempts on 12 MP cost ten times those on 1280 px.
  work: (base) => px.fitWithin(base, 1280),
  inverted: (_, get) => px.invert(get("work")!),
  // Small codes: pictures up to 1000 px enlarged 1.5 times, larger ones twice.
  up15: (_, get) => {
    const work = get("work")!;
    return longSide(work) <= 1000 ? px.scale(px.pad(work, MARGIN), 1.5) : null;
  },
  // Small light-on-dark codes (POS screens, dark stickers) need both the enlargement and the inversion.
  "up15-inverted": (_, get) => {
    const up = get("up15");
    return up ? px.invert(up) : null;
  },
  up2: (_, get) => {
    const work = get("work")!;
    return longSide(work) > 1000 ? px.scale(px.pad(work, MARGIN), 2) : null;
  },
  blur: (_, get) => px.boxBlur(get("work")!, 1),
  sharpen: (_, get) => px.sharpen(get("work")!, 2, 1.5),
  // jsQR's cost grows steeply with size and clutter: seconds on a busy 1280 px picture, up to a
  // third of a second at 640 px, under 0.1 s at 400 px.
  small: (_, get) => px.fitWithin(get("work")!, 400),
  "sauvola-fine": (_, get) => {
    const work = get("work")!;
    return px.adaptiveThreshold(work, Math.max(3, Math.round(shortSide(work) / 80)), 0.05);
  },
};

function variant(base: GreyImage, cache: Variants, name: string): GreyImage | null {
  if (cache.has(name)) return cache.get(name)!;
  const transform = TRANSFORMS[name];
  if (!transform) throw new Error(`unknown image variant ${name}`);
  const image = transform(base, (other) => variant(base, cache, other));
  cache.set(name, image);
  return image;
}

/** What the attempts share: the photo, its variants, and codes zxing located but could not read. */
export interface LadderContext {
  base: GreyImage;
  cache: Variants;
  /** Filled by attempts with `zxing.returnErrors`; corners are in `work` coordinates. */
  located: ZxingCode[];
}

export interface Step {
  decoder: "zxing" | "jsqr";
  /** Run this attempt only when this holds (evidence from the attempts before it). */
  when?: (context: LadderContext) => boolean;
  /**
   * Start this attempt only with at least this much of the budget left. A single attempt cannot be
   * interrupted, and jsQR can spend half a second on a cluttered 640 px picture.
   */
  minRemainingMs?: number;
  zxing?: ZxingOptions;
  invert?: "dontInvert" | "onlyInvert";
  /** Appended to the image name in {@link QrCode.variant}. */
  suffix: string;
  /** Lazily: an attempt's image is only computed when the attempts before it found nothing. */
  images(context: LadderContext): Iterable<{ name: string; image: GreyImage }>;
}

function on(...names: string[]): Step["images"] {
  return function* ({ base, cache }) {
    for (const name of names) {
      const image = variant(base, cache, name);
      if (image) yield { name, image };
    }
  };
}

/** The first located code with a known version, re-sampled on a bent grid (see regrid.ts). */
function* regridded({ base, cache, located }: LadderContext): Iterable<{ name: string; image: GreyImage }> {
  const code = located.find((c) => c.modules !== undefined);
  if (!code) return;
  const image = regrid(variant(base, cache, "work")!, code.corners, code.modules!, 5);
  if (image) yield { name: "regrid", image };
}

// Inverted codes get their own attempt (`inverted`) right after the first: zxing's tryInvert would
// double the cost of every attempt for the few pictures that need it.
/** Modules of at least this many pixels are read as they are: enlarging them gains nothing. */
const LARGE_MODULE_PX = 4;

/**
 * True unless the first attempt located a code (finders, format and version read, error correction
 * failed) with large modules. Such a code has had its chance with the binarizers and the re-gridding;
 * enlarging it, or giving it to jsQR at 480 px, does not read what those could not.
 */
function noLargeCodeLocated({ located }: LadderContext): boolean {
  return !located.some((code) => {
    if (code.modules === undefined) return false;
    const [a, b, c] = code.corners as [Point, Point, Point];
    const side = (Math.hypot(b.x - a.x, b.y - a.y) + Math.hypot(c.x - b.x, c.y - b.y)) / 2;
    return side / code.modules >= LARGE_MODULE_PX;
  });
}

const ZXING = { decoder: "zxing", suffix: "", zxing: { tryInvert: false } } as const;
const ZXING_GLOBAL = {
  decoder: "zxing",
  suffix: "/global",
  zxing: { binarizer: "GlobalHistogram", tryInvert: false },
} as const;
const ZXING_FIXED = {
  decoder: "zxing",
  suffix: "/fixed",
  zxing: { binarizer: "FixedThreshold", tryInvert: false },
} as const;
/** For enlarged pictures: zxing's own downscaling would only undo the enlargement. */
const ZXING_AS_IS = {
  decoder: "zxing",
  suffix: "",
  zxing: { tryInvert: false, tryDownscale: false },
} as const;
/** For the clean codes `regrid` draws: no need for the slow search. */
const ZXING_CLEAN = {
  decoder: "zxing",
  suffix: "",
  zxing: { tryHarder: false, tryDownscale: false },
} as const;
const JSQR = { decoder: "jsqr", suffix: "/jsqr", invert: "dontInvert", minRemainingMs: 800 } as const;

/**
 * The attempts, cheapest and most productive first (see docs/qr.md for the measurements behind
 * the order). The first attempt that finds a code ends the ladder.
 */
export const LADDER: Step[] = [
  { ...ZXING, zxing: { ...ZXING.zxing, returnErrors: true }, images: on("work") },
  { ...ZXING, images: on("inverted") },
  { ...ZXING, zxing: {}, images: on("base") },
  { ...ZXING_GLOBAL, images: on("work") },
  { ...ZXING_GLOBAL, images: on("blur") },
  { ...ZXING_AS_IS, images: on("up15") },
  { ...ZXING_AS_IS, when: noLargeCodeLocated, images: on("up15-inverted") },
  { ...ZXING_CLEAN, images: regridded },
  { ...ZXING_FIXED, images: on("sauvola-fine") },
  { ...ZXING_AS_IS, images: on("sharpen") },
  { ...ZXING_AS_IS, when: noLargeCodeLocated, images: on("up2") },
  { ...JSQR, when: noLargeCodeLocated, images: on("small") },
];
