/**
 * `npm run gen:photos -- --out DIR [--count N] [--no-code M] [--seed S]`
 *
 * Writes N realistic photos of SBP payment QR codes to DIR/sbp/ and M pictures without any code to
 * DIR/no-code/, with DIR/manifest.json listing the expected texts (the bench's format). The same
 * seed gives the same files. Distortions: perspective, rotation, blur, motion blur, glare, shadow,
 * low light with noise, small codes, screen moiré, inverted colours, and JPEG at quality 87 (what
 * Telegram sends).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { writeBarcode } from "zxing-wasm/writer";
import { buildSbpLink, type SbpType } from "../src/payment-codes/index.js";
import { zxingWriterReady } from "../src/qr/wasm.js";

export const DISTORTIONS = [
  "perspective",
  "rotation",
  "blur",
  "motion_blur",
  "glare",
  "shadow",
  "low_light",
  "small",
  "moire",
  "inverted",
] as const;

export type Distortion = (typeof DISTORTIONS)[number];

export interface GeneratedPhoto {
  file: string;
  text: string | null;
  noCode?: true;
  distortions: Distortion[];
}

export interface GenerateOptions {
  out: string;
  count: number;
  noCode: number;
  seed: number;
  /** Picture sizes to choose from; default Telegram's photo sizes (longer side 1280, some 800). */
  sizes?: ReadonlyArray<readonly [number, number]>;
}

type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (r: Random, lo: number, hi: number) => lo + (hi - lo) * r();
const pick = <T>(r: Random, items: readonly T[]) => items[Math.floor(r() * items.length)]!;
const gauss = (r: Random) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** An RGB picture with float channels in 0..255. */
interface Canvas {
  width: number;
  height: number;
  rgb: Float32Array;
}

function canvas(width: number, height: number): Canvas {
  return { width, height, rgb: new Float32Array(width * height * 3) };
}

type Rgb = readonly [number, number, number];

/** Paper, wall or table: a tinted gradient with blotches and some straight-edged clutter. */
function background(r: Random, width: number, height: number): Canvas {
  const c = canvas(width, height);
  const base: Rgb = [between(r, 60, 230), between(r, 60, 230), between(r, 60, 230)];
  const gx = between(r, -0.08, 0.08);
  const gy = between(r, -0.08, 0.08);
  const blobs = Array.from({ length: 6 }, () => ({
    x: r() * width,
    y: r() * height,
    s: between(r, 0.1, 0.4) * width,
    a: between(r, -40, 40),
  }));
  // The shading is smooth: evaluate it every 8 px and interpolate.
  const cell = 8;
  const gw = Math.ceil(width / cell) + 1;
  const gh = Math.ceil(height / cell) + 1;
  const coarse = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const x = i * cell;
      const y = j * cell;
      let shade = gx * (x - width / 2) + gy * (y - height / 2);
      for (const b of blobs) shade += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s));
      coarse[j * gw + i] = shade;
    }
  }
  for (let y = 0; y < height; y++) {
    const j = Math.floor(y / cell);
    const fy = y / cell - j;
    for (let x = 0; x < width; x++) {
      const i = Math.floor(x / cell);
      const fx = x / cell - i;
      const k = j * gw + i;
      const shade =
        (coarse[k]! * (1 - fx) + coarse[k + 1]! * fx) * (1 - fy) +
        (coarse[k + gw]! * (1 - fx) + coarse[k + gw + 1]! * fx) * fy;
      const p = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) c.rgb[p + ch] = base[ch]! + shade;
    }
  }
  for (let k = 0; k < 8; k++) {
    const colour: Rgb = [r() * 255, r() * 255, r() * 255];
    const x0 = r() * width;
    const y0 = r() * height;
    const w = between(r, 0.02, 0.3) * width;
    const h = between(r, 0.005, 0.2) * height;
    fillRect(c, x0, y0, w, h, colour);
  }
  return c;
}

function fillRect(c: Canvas, x0: number, y0: number, w: number, h: number, colour: Rgb): void {
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(c.height, y0 + h); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(c.width, x0 + w); x++) {
      const i = (y * c.width + x) * 3;
      c.rgb[i] = colour[0];
      c.rgb[i + 1] = colour[1];
      c.rgb[i + 2] = colour[2];
    }
  }
}

/** Lines of "text": short dark dashes, the clutter around a code on a real receipt or stand. */
function textLines(r: Random, c: Canvas, count: number): void {
  for (let line = 0; line < count; line++) {
    const y = r() * c.height;
    const size = between(r, 4, 14);
    let x = r() * c.width * 0.5;
    const end = x + between(r, 0.2, 0.6) * c.width;
    const ink: Rgb = [between(r, 0, 70), between(r, 0, 70), between(r, 0, 70)];
    while (x < end) {
      const word = between(r, 2, 8) * size * 0.6;
      fillRect(c, x, y, word, size, ink);
      x += word + size * 0.6;
    }
  }
}

interface Point {
  x: number;
  y: number;
}

/** The projective map of the unit square onto a quadrilateral, inverted: picture → (u, v). */
function quadToSquare(q: readonly Point[]): (x: number, y: number) => [number, number] {
  const [a, b, c, d] = q as [Point, Point, Point, Point];
  const sx = a.x - b.x + c.x - d.x;
  const sy = a.y - b.y + c.y - d.y;
  const dx1 = b.x - c.x;
  const dx2 = d.x - c.x;
  const dy1 = b.y - c.y;
  const dy2 = d.y - c.y;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  const m = [
    b.x - a.x + g * b.x,
    d.x - a.x + h * d.x,
    a.x,
    b.y - a.y + g * b.y,
    d.y - a.y + h * d.y,
    a.y,
    g,
    h,
    1,
  ];
  // Adjugate of the 3×3 forward matrix.
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const inv = [
    m4 * m8 - m5 * m7,
    m2 * m7 - m1 * m8,
    m1 * m5 - m2 * m4,
    m5 * m6 - m3 * m8,
    m0 * m8 - m2 * m6,
    m2 * m3 - m0 * m5,
    m3 * m7 - m4 * m6,
    m1 * m6 - m0 * m7,
    m0 * m4 - m1 * m3,
  ] as [number, number, number, number, number, number, number, number, number];
  return (x, y) => {
    const w = inv[6] * x + inv[7] * y + inv[8];
    return [(inv[0] * x + inv[1] * y + inv[2]) / w, (inv[3] * x + inv[4] * y + inv[5]) / w];
  };
}

/**
 * Draws a card (modules plus quiet zone) into the quadrilateral, 3×3 supersampled so module edges
 * are anti-aliased like a camera's.
 */
function drawCard(
  c: Canvas,
  quad: readonly Point[],
  cells: (u: number, v: number) => boolean,
  ink: Rgb,
  paper: Rgb,
): void {
  const toUnit = quadToSquare(quad);
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  for (
    let y = Math.max(0, Math.floor(Math.min(...ys)));
    y < Math.min(c.height, Math.ceil(Math.max(...ys)));
    y++
  ) {
    for (
      let x = Math.max(0, Math.floor(Math.min(...xs)));
      x < Math.min(c.width, Math.ceil(Math.max(...xs)));
      x++
    ) {
      let inside = 0;
      let dark = 0;
      for (let sy = 0; sy < 3; sy++) {
        for (let sx = 0; sx < 3; sx++) {
          const [u, v] = toUnit(x + (sx + 0.5) / 3, y + (sy + 0.5) / 3);
          if (u < 0 || v < 0 || u >= 1 || v >= 1) continue;
          inside++;
          if (cells(u, v)) dark++;
        }
      }
      if (inside === 0) continue;
      const i = (y * c.width + x) * 3;
      const cover = inside / 9;
      const k = dark / inside;
      for (let ch = 0; ch < 3; ch++) {
        const value = ink[ch]! * k + paper[ch]! * (1 - k);
        c.rgb[i + ch] = c.rgb[i + ch]! * (1 - cover) + value * cover;
      }
    }
  }
}

/** A quadrilateral of side `side` around (cx, cy), turned by `angle`, corners moved by `skew`·side. */
function placeQuad(r: Random, cx: number, cy: number, side: number, angle: number, skew: number): Point[] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [
    [-0.5, -0.5],
    [0.5, -0.5],
    [0.5, 0.5],
    [-0.5, 0.5],
  ].map(([u, v]) => {
    const du = u! + between(r, -skew, skew);
    const dv = v! + between(r, -skew, skew);
    return { x: cx + side * (du * cos - dv * sin), y: cy + side * (du * sin + dv * cos) };
  });
}

function boxBlurChannel(
  src: Float32Array,
  width: number,
  height: number,
  radius: number,
  dx: number,
  dy: number,
): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = Math.min(width - 1, Math.max(0, Math.round(x + k * dx)));
          const yy = Math.min(height - 1, Math.max(0, Math.round(y + k * dy)));
          sum += src[(yy * width + xx) * 3 + ch]!;
        }
        out[(y * width + x) * 3 + ch] = sum / (2 * radius + 1);
      }
    }
  }
  return out;
}

/** Gaussian-like blur: two box passes in each direction. */
function blur(c: Canvas, radius: number): void {
  for (let pass = 0; pass < 2; pass++) {
    c.rgb = boxBlurChannel(c.rgb, c.width, c.height, radius, 1, 0);
    c.rgb = boxBlurChannel(c.rgb, c.width, c.height, radius, 0, 1);
  }
}

function motionBlur(c: Canvas, length: number, angle: number): void {
  c.rgb = boxBlurChannel(
    c.rgb,
    c.width,
    c.height,
    Math.max(1, Math.round(length / 2)),
    Math.cos(angle),
    Math.sin(angle),
  );
}

function eachPixel(c: Canvas, f: (x: number, y: number, i: number) => void): void {
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) f(x, y, (y * c.width + x) * 3);
}

function glare(r: Random, c: Canvas, at: Point, size: number): void {
  const gx = at.x + between(r, -0.4, 0.4) * size;
  const gy = at.y + between(r, -0.4, 0.4) * size;
  const radius = between(r, 0.1, 0.3) * size;
  const strength = between(r, 120, 220);
  eachPixel(c, (x, y, i) => {
    const add = strength * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * radius * radius));
    for (let ch = 0; ch < 3; ch++) c.rgb[i + ch] = c.rgb[i + ch]! + add;
  });
}

/** A soft-edged shadow over part of the picture (a hand or a phone between lamp and code). */
function shadow(r: Random, c: Canvas, at: Point): void {
  const angle = r() * Math.PI * 2;
  const nx = Math.cos(angle);
  const ny = Math.sin(angle);
  const offset = between(r, -0.2, 0.2) * Math.min(c.width, c.height);
  const soft = between(r, 5, 40);
  const depth = between(r, 0.35, 0.65);
  eachPixel(c, (x, y, i) => {
    const d = (x - at.x) * nx + (y - at.y) * ny - offset;
    const k = 1 - depth / (1 + Math.exp(-d / soft));
    for (let ch = 0; ch < 3; ch++) c.rgb[i + ch] = c.rgb[i + ch]! * k;
  });
}

function lowLight(r: Random, c: Canvas): void {
  const gain = between(r, 0.15, 0.4);
  const sigma = between(r, 5, 12);
  eachPixel(c, (_x, _y, i) => {
    const n = gauss(r) * sigma;
    for (let ch = 0; ch < 3; ch++) c.rgb[i + ch] = c.rgb[i + ch]! * gain + n + gauss(r) * sigma * 0.3;
  });
}

/** A code photographed off a screen: pixel-grid beating (moiré), sub-pixel stripes, lower contrast. */
function moire(r: Random, c: Canvas): void {
  const period = between(r, 2.5, 6);
  const angle = between(r, -0.3, 0.3);
  const amount = between(r, 0.12, 0.25);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  eachPixel(c, (x, y, i) => {
    const wave =
      1 +
      amount *
        Math.sin((2 * Math.PI * (x * cos + y * sin)) / period) *
        Math.sin((2 * Math.PI * (y * cos - x * sin)) / (period * 1.1));
    for (let ch = 0; ch < 3; ch++) {
      const stripe = (x % 3 === ch ? 1.08 : 0.96) * wave;
      c.rgb[i + ch] = (c.rgb[i + ch]! * 0.7 + 40) * stripe;
    }
  });
}

function noise(r: Random, c: Canvas, sigma: number): void {
  eachPixel(c, (_x, _y, i) => {
    for (let ch = 0; ch < 3; ch++) c.rgb[i + ch] = c.rgb[i + ch]! + gauss(r) * sigma;
  });
}

async function toJpeg(c: Canvas): Promise<Buffer> {
  const bytes = new Uint8Array(c.rgb.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(c.rgb[i]!)));
  return sharp(bytes, { raw: { width: c.width, height: c.height, channels: 3 } })
    .jpeg({ quality: 87, chromaSubsampling: "4:2:0" })
    .toBuffer();
}

const SIZES: ReadonlyArray<readonly [number, number]> = [
  [1280, 960],
  [960, 1280],
  [1280, 720],
  [800, 600],
  [720, 1280],
];

/** Module matrix of a QR code (true = dark), from zxing-cpp's writer with its wasm from node_modules. */
export async function qrModules(
  text: string | Uint8Array,
  ecLevel: "L" | "M" | "Q" | "H",
): Promise<{ size: number; dark: boolean[] }> {
  await zxingWriterReady();
  const written = await writeBarcode(text, { format: "QRCode", ecLevel, scale: 1, addQuietZones: false });
  if (written.error) throw new Error(`zxing writer: ${written.error}`);
  const { data, width } = written.symbol;
  return { size: width, dark: Array.from(data, (v) => v < 128) };
}

function randomLink(r: Random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const qrcId = Array.from({ length: 32 }, () => pick(r, [...alphabet])).join("");
  const type = pick<SbpType>(r, ["01", "02", "02", "02", "03"]);
  const bankId = `1000000000${String(Math.floor(r() * 100)).padStart(2, "0")}`;
  return buildSbpLink({
    host: type === "03" ? "sub.nspk.ru" : "qr.nspk.ru",
    qrcId,
    type,
    bankId,
    ...(type === "02" && { sumMinor: Math.floor(between(r, 100, 5_000_000)), currency: "RUB" }),
  });
}

function chooseDistortions(r: Random): Distortion[] {
  const chosen = new Set<Distortion>();
  const n = 2 + Math.floor(r() * 3);
  while (chosen.size < n) chosen.add(pick(r, DISTORTIONS));
  // A code off a screen is not inverted paper; and a tiny code under motion blur is beyond any reader.
  if (chosen.has("moire")) chosen.delete("inverted");
  if (chosen.has("small")) chosen.delete("motion_blur");
  return [...chosen];
}

async function photoWithCode(
  r: Random,
  text: string,
  sizes: GenerateOptions["sizes"] = SIZES,
): Promise<{ jpeg: Buffer; distortions: Distortion[] }> {
  const distortions = chooseDistortions(r);
  const has = (d: Distortion) => distortions.includes(d);
  const [width, height] = pick(r, sizes);
  const c = background(r, width, height);
  textLines(r, c, 10);
  const { size, dark } = await qrModules(text, pick(r, ["L", "M", "M", "Q"] as const));
  const quiet = 4;
  const total = size + 2 * quiet;
  const minSide = Math.min(width, height);
  // Modules of at least 2.5 px when small, 4 px or more otherwise.
  const side = has("small")
    ? Math.max(total * 2.2, between(r, 0.1, 0.18) * minSide)
    : Math.max(total * 3.5, between(r, 0.25, 0.65) * minSide);
  const angle = has("rotation") ? r() * Math.PI * 2 : between(r, -0.08, 0.08);
  const skew = has("perspective") ? between(r, 0.08, 0.17) : 0.01;
  const cx = between(r, side * 0.6, width - side * 0.6);
  const cy = between(r, side * 0.6, height - side * 0.6);
  const quad = placeQuad(r, cx, cy, side, angle, skew);
  const inverted = has("inverted");
  const paper: Rgb = inverted
    ? [25, 25, 35]
    : [between(r, 215, 255), between(r, 215, 255), between(r, 205, 250)];
  const ink: Rgb = inverted ? [235, 235, 235] : [between(r, 0, 50), between(r, 0, 50), between(r, 0, 70)];
  drawCard(
    c,
    quad,
    (u, v) => {
      const i = Math.floor(u * total) - quiet;
      const j = Math.floor(v * total) - quiet;
      return i >= 0 && j >= 0 && i < size && j < size && dark[j * size + i]!;
    },
    ink,
    paper,
  );
  const moduleSize = side / total;
  const centre = { x: cx, y: cy };
  if (has("moire")) moire(r, c);
  if (has("shadow")) shadow(r, c, centre);
  if (has("glare")) glare(r, c, centre, side);
  if (has("blur")) blur(c, Math.max(1, Math.round(moduleSize * between(r, 0.2, 0.4))));
  if (has("motion_blur")) motionBlur(c, Math.max(2, moduleSize * between(r, 0.5, 1)), r() * Math.PI);
  if (has("low_light")) lowLight(r, c);
  else noise(r, c, between(r, 1, 3));
  return { jpeg: await toJpeg(c), distortions };
}

/** Pictures that must decode to nothing: clutter, text, and code-like random module grids without finders. */
async function photoWithoutCode(
  r: Random,
  sizes: GenerateOptions["sizes"] = SIZES,
): Promise<{ jpeg: Buffer; distortions: Distortion[] }> {
  const [width, height] = pick(r, sizes);
  const c = background(r, width, height);
  textLines(r, c, 25);
  const grid = 21 + 4 * Math.floor(r() * 5);
  // Random modules inside real finder patterns: zxing locates it, and error correction must refuse it.
  const bits = Array.from({ length: grid * grid }, () => r() < 0.5);
  for (const [fi, fj] of [
    [0, 0],
    [grid - 7, 0],
    [0, grid - 7],
  ] as const) {
    for (let dj = -1; dj <= 7; dj++) {
      for (let di = -1; di <= 7; di++) {
        const i = fi + di;
        const j = fj + dj;
        if (i < 0 || j < 0 || i >= grid || j >= grid) continue;
        const ring = Math.max(Math.abs(di - 3), Math.abs(dj - 3));
        bits[j * grid + i] = ring !== 2 && ring !== 4;
      }
    }
  }
  const side = between(r, 0.2, 0.5) * Math.min(width, height);
  const quad = placeQuad(
    r,
    between(r, side, width - side),
    between(r, side, height - side),
    side,
    r() * Math.PI * 2,
    0.05,
  );
  const total = grid + 8;
  drawCard(
    c,
    quad,
    (u, v) => {
      const i = Math.floor(u * total) - 4;
      const j = Math.floor(v * total) - 4;
      return i >= 0 && j >= 0 && i < grid && j < grid && bits[j * grid + i]!;
    },
    [20, 20, 20],
    [240, 240, 240],
  );
  // A chequerboard and stripes: regular patterns that finder-pattern scanners look at twice.
  const cell = between(r, 4, 12);
  const bx = r() * (width - 200);
  const by = r() * (height - 200);
  for (let j = 0; j < 16; j++) {
    for (let i = 0; i < 16; i++)
      if ((i + j) % 2 === 0) fillRect(c, bx + i * cell, by + j * cell, cell, cell, [10, 10, 10]);
  }
  for (let k = 0; k < 30; k++) fillRect(c, r() * width, by, between(r, 1, 6), 80, [0, 0, 0]);
  const distortions: Distortion[] = [];
  if (r() < 0.3) {
    blur(c, 1);
    distortions.push("blur");
  }
  if (r() < 0.3) {
    lowLight(r, c);
    distortions.push("low_light");
  } else noise(r, c, 2);
  return { jpeg: await toJpeg(c), distortions };
}

/** Writes the pictures and `manifest.json`; returns the manifest entries. */
export async function generatePhotos(options: GenerateOptions): Promise<GeneratedPhoto[]> {
  const r = rng(options.seed);
  mkdirSync(join(options.out, "sbp"), { recursive: true });
  mkdirSync(join(options.out, "no-code"), { recursive: true });
  const manifest: GeneratedPhoto[] = [];
  for (let i = 0; i < options.count; i++) {
    const text = randomLink(r);
    const { jpeg, distortions } = await photoWithCode(r, text, options.sizes);
    const file = `sbp/${String(i).padStart(4, "0")}.jpg`;
    writeFileSync(join(options.out, file), jpeg);
    manifest.push({ file, text, distortions });
  }
  for (let i = 0; i < options.noCode; i++) {
    const { jpeg, distortions } = await photoWithoutCode(r, options.sizes);
    const file = `no-code/${String(i).padStart(4, "0")}.jpg`;
    writeFileSync(join(options.out, file), jpeg);
    manifest.push({ file, text: null, noCode: true, distortions });
  }
  writeFileSync(join(options.out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      count: { type: "string", default: "100" },
      "no-code": { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  if (!values.out) {
    process.stderr.write("usage: npm run gen:photos -- --out DIR [--count N] [--no-code M] [--seed S]\n");
    process.exit(2);
  }
  const count = Number(values.count);
  const noCode = values["no-code"] === undefined ? Math.ceil(count / 2) : Number(values["no-code"]);
  const seed = Number(values.seed);
  if (![count, noCode, seed].every(Number.isInteger) || count < 0 || noCode < 0) {
    process.stderr.write("--count, --no-code and --seed must be whole numbers\n");
    process.exit(2);
  }
  const manifest = await generatePhotos({ out: resolve(values.out), count, noCode, seed });
  process.stderr.write(`wrote ${manifest.length} pictures and manifest.json to ${values.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
