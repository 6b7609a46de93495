import { type GreyImage, greyImage } from "./image.js";

/**
 * Pixel operations on grey images that help a decoder on hard photos. All are pure (they return a
 * new image) and linear in the pixel count, so an attempt ladder can afford several of them.
 */

/** Resizes with area averaging when shrinking (no aliasing of fine modules) and bilinear when growing. */
export function resize(src: GreyImage, width: number, height: number): GreyImage {
  width = Math.max(1, Math.round(width));
  height = Math.max(1, Math.round(height));
  if (width === src.width && height === src.height) return src;
  if (width === 2 * src.width && height === 2 * src.height) return double(src);
  if (width >= src.width && height >= src.height) return enlarge(src, width, height);
  if (width <= src.width && height <= src.height) return shrink(src, width, height);
  const horizontal = resizeRows(src, width);
  return transpose(resizeRows(transpose(horizontal), height));
}

/** Scales so that the longer side is `maxSide` (never enlarges). */
export function fitWithin(src: GreyImage, maxSide: number): GreyImage {
  const side = Math.max(src.width, src.height);
  if (side <= maxSide) return src;
  const k = maxSide / side;
  return resize(src, src.width * k, src.height * k);
}

export function scale(src: GreyImage, factor: number): GreyImage {
  return resize(src, src.width * factor, src.height * factor);
}

/** Bilinear enlargement in one pass (the two-pass path transposes twice, which costs more here). */
function enlarge(src: GreyImage, width: number, height: number): GreyImage {
  const out = greyImage(width, height);
  const { data, width: sw, height: sh } = src;
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const pos = Math.max(0, ((x + 0.5) * sw) / width - 0.5);
    x0[x] = Math.min(sw - 1, Math.floor(pos));
    x1[x] = Math.min(sw - 1, x0[x]! + 1);
    fx[x] = pos - x0[x]!;
  }
  for (let y = 0; y < height; y++) {
    const pos = Math.max(0, ((y + 0.5) * sh) / height - 0.5);
    const r0 = Math.min(sh - 1, Math.floor(pos)) * sw;
    const r1 = Math.min(sh - 1, Math.floor(pos) + 1) * sw;
    const fy = pos - Math.floor(pos);
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = x0[x]!;
      const b = x1[x]!;
      const f = fx[x]!;
      const top = data[r0 + a]! + (data[r0 + b]! - data[r0 + a]!) * f;
      const bottom = data[r1 + a]! + (data[r1 + b]! - data[r1 + a]!) * f;
      out.data[row + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  return out;
}

/**
 * Area average in one pass down the picture: the source rows an output row covers are summed,
 * weighted by how much of each it covers, then the sums are averaged across (no transposes, which
 * cost more than the arithmetic on a 12 MP photo).
 */
function shrink(src: GreyImage, width: number, height: number): GreyImage {
  const { data, width: sw, height: sh } = src;
  const out = greyImage(width, height);
  const rx = sw / width;
  const ry = sh / height;
  // Output column x covers source columns first[x]..last[x], the two ends only partly.
  const first = new Int32Array(width);
  const last = new Int32Array(width);
  const head = new Float64Array(width);
  const tail = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const start = x * rx;
    const end = Math.min(sw, start + rx);
    first[x] = Math.floor(start);
    last[x] = Math.max(first[x]!, Math.min(sw - 1, Math.ceil(end) - 1));
    head[x] = Math.min(first[x]! + 1, end) - start;
    tail[x] = last[x]! > first[x]! ? end - last[x]! : 0;
  }
  const sums = new Float64Array(sw);
  const norm = 1 / (rx * ry);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    const start = y * ry;
    const end = Math.min(sh, start + ry);
    for (let j = Math.floor(start); j < end; j++) {
      const weight = Math.min(j + 1, end) - Math.max(j, start);
      const row = j * sw;
      for (let i = 0; i < sw; i++) sums[i]! += weight * data[row + i]!;
    }
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const a = first[x]!;
      const b = last[x]!;
      let sum = head[x]! * sums[a]!;
      for (let i = a + 1; i < b; i++) sum += sums[i]!;
      if (b > a) sum += tail[x]! * sums[b]!;
      out.data[o + x] = sum * norm + 0.5;
    }
  }
  return out;
}

/**
 * {@link enlarge} by exactly two, in integers: every output pixel is (9a + 3b + 3c + d) / 16 of its
 * four nearest source pixels, the same value bilinear gives, at a third of the cost (the whole of a
 * 1280 px picture is doubled on the way to the small codes in it).
 */
function double(src: GreyImage): GreyImage {
  const { data, width: sw, height: sh } = src;
  const width = 2 * sw;
  const out = greyImage(width, 2 * sh);
  // Each source row doubled across, times 4: [3a + a_left, 3a + a_right] for every pixel a.
  const across = (y: number, row: Uint16Array) => {
    const s = y * sw;
    for (let x = 0; x < sw; x++) {
      const a = 3 * data[s + x]!;
      row[2 * x] = a + data[s + Math.max(0, x - 1)]!;
      row[2 * x + 1] = a + data[s + Math.min(sw - 1, x + 1)]!;
    }
  };
  let above = new Uint16Array(width);
  let here = new Uint16Array(width);
  let below = new Uint16Array(width);
  across(0, here);
  above.set(here);
  for (let y = 0; y < sh; y++) {
    if (y + 1 < sh) across(y + 1, below);
    else below.set(here);
    const top = 2 * y * width;
    const bottom = top + width;
    const o = out.data;
    for (let x = 0; x < width; x++) {
      const h3 = 3 * here[x]!;
      o[top + x] = (h3 + above[x]! + 8) >> 4;
      o[bottom + x] = (h3 + below[x]! + 8) >> 4;
    }
    [above, here, below] = [here, below, above];
  }
  return out;
}

/** The negative: light codes on dark ground (screens, dark stickers) become dark on light. */
export function invert(src: GreyImage): GreyImage {
  const out = greyImage(src.width, src.height);
  const n = src.data.length;
  let i = 0;
  if (src.data.byteOffset % 4 === 0) {
    // Four pixels at a time (greyImage buffers start aligned; a view into a loader's buffer may not).
    const from = new Uint32Array(src.data.buffer, src.data.byteOffset, n >> 2);
    const to = new Uint32Array(out.data.buffer, 0, n >> 2);
    for (; i < from.length; i++) to[i] = ~from[i]!;
    i *= 4;
  }
  for (; i < n; i++) out.data[i] = 255 - src.data[i]!;
  return out;
}

/** A copy with a border of `size` pixels of `value` around it. */
export function pad(src: GreyImage, size: number, value = 255): GreyImage {
  const out = greyImage(src.width + 2 * size, src.height + 2 * size);
  out.data.fill(value);
  for (let y = 0; y < src.height; y++) {
    out.data.set(src.data.subarray(y * src.width, (y + 1) * src.width), (y + size) * out.width + size);
  }
  return out;
}

function transpose(src: GreyImage): GreyImage {
  const out = greyImage(src.height, src.width);
  const { data, width, height } = src;
  const o = out.data;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) o[x * height + y] = data[row + x]!;
  }
  return out;
}

/** Resamples every row to `width` pixels. */
function resizeRows(src: GreyImage, width: number): GreyImage {
  const out = greyImage(width, src.height);
  const { data, width: sw, height } = src;
  const o = out.data;
  const ratio = sw / width;
  if (ratio > 1) {
    // Area average: output pixel x covers source interval [x*ratio, (x+1)*ratio).
    for (let y = 0; y < height; y++) {
      const row = y * sw;
      for (let x = 0; x < width; x++) {
        const start = x * ratio;
        const end = start + ratio;
        let i = Math.floor(start);
        let sum = 0;
        let pos = start;
        while (pos < end - 1e-9 && i < sw) {
          const next = Math.min(i + 1, end);
          sum += data[row + i]! * (next - pos);
          pos = next;
          i++;
        }
        o[y * width + x] = sum / ratio + 0.5;
      }
    }
    return out;
  }
  for (let x = 0; x < width; x++) {
    const pos = Math.max(0, (x + 0.5) * ratio - 0.5);
    const i0 = Math.min(sw - 1, Math.floor(pos));
    const i1 = Math.min(sw - 1, i0 + 1);
    const f = pos - i0;
    for (let y = 0; y < height; y++) {
      const row = y * sw;
      o[y * width + x] = data[row + i0]! * (1 - f) + data[row + i1]! * f + 0.5;
    }
  }
  return out;
}

export function crop(src: GreyImage, x: number, y: number, width: number, height: number): GreyImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(src.width, Math.ceil(x + width));
  const y1 = Math.min(src.height, Math.ceil(y + height));
  const out = greyImage(Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  for (let row = y0; row < y1; row++) {
    out.data.set(src.data.subarray(row * src.width + x0, row * src.width + x1), (row - y0) * out.width);
  }
  return out;
}

/**
 * Summed-area tables with one extra row and column of zeros, kept per image while it lives: the
 * ladder blurs, sharpens and thresholds the same picture, and the table is a third of each.
 */
const summedAreas = new WeakMap<GreyImage, Float64Array>();

function integral(src: GreyImage): Float64Array {
  const known = summedAreas.get(src);
  if (known) return known;
  const { data, width, height } = src;
  const w1 = width + 1;
  const sat = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x]!;
      sat[(y + 1) * w1 + x + 1] = sat[y * w1 + x + 1]! + rowSum;
    }
  }
  summedAreas.set(src, sat);
  return sat;
}

/** Row `y` of the mean over (2r+1)² boxes clamped at the borders, rounded, into `out`. */
function boxMeanRow(sat: Float64Array, width: number, height: number, r: number, y: number, out: Uint8Array) {
  const w1 = width + 1;
  const top = Math.max(0, y - r) * w1;
  const bottom = Math.min(height, y + r + 1) * w1;
  const rows = (bottom - top) / w1;
  for (let x = 0; x < width; x++) {
    const x0 = Math.max(0, x - r);
    const x1 = Math.min(width, x + r + 1);
    const sum = sat[bottom + x1]! - sat[top + x1]! - sat[bottom + x0]! + sat[top + x0]!;
    out[x] = sum / (rows * (x1 - x0)) + 0.5;
  }
}

/** Mean over a (2r+1)² box, clamped at the borders. */
export function boxBlur(src: GreyImage, r: number): GreyImage {
  const { width, height } = src;
  const sat = integral(src);
  const out = greyImage(width, height);
  for (let y = 0; y < height; y++) boxMeanRow(sat, width, height, r, y, out.data.subarray(y * width));
  return out;
}

/** Unsharp mask: src + amount·(src − blur). Recovers module edges in slightly blurred photos. */
export function sharpen(src: GreyImage, radius = 2, amount = 1.5): GreyImage {
  const { data, width, height } = src;
  const sat = integral(src);
  const mean = new Uint8Array(width);
  const out = greyImage(width, height);
  for (let y = 0; y < height; y++) {
    boxMeanRow(sat, width, height, radius, y, mean);
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = data[i]!;
      const sharp = v + amount * (v - mean[x]!);
      out.data[i] = sharp < 0 ? 0 : sharp > 255 ? 255 : sharp;
    }
  }
  return out;
}

/**
 * Sauvola-style local threshold with window radius `r`: a pixel is dark when it is below the local
 * mean by more than `k` of the local contrast. Handles gradients that defeat one global level.
 */
export function adaptiveThreshold(src: GreyImage, r: number, k = 0.15): GreyImage {
  const { data, width, height } = src;
  const sat = integral(src);
  const mean = new Uint8Array(width);
  const out = greyImage(width, height);
  for (let y = 0; y < height; y++) {
    boxMeanRow(sat, width, height, r, y, mean);
    for (let x = 0, i = y * width; x < width; x++, i++) out.data[i] = data[i]! < mean[x]! * (1 - k) ? 0 : 255;
  }
  return out;
}
