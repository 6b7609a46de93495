import { type GreyImage, greyImage } from "./image.js";
import { boxBlur, crop } from "./preprocess.js";

/**
 * Re-sampling of a located QR code whose modules do not sit on a straight grid: codes printed on
 * cloth, curved cups, crumpled paper. zxing finds such a code (its corners and version) but reads
 * too many modules wrong, because it samples through one perspective transform.
 *
 * We keep that transform and add a smooth displacement field in module coordinates, defined on a
 * coarse lattice of control points. Each control point moves to where the module centres around it
 * are most clearly dark or light (farthest from the local threshold): on the true grid centres sit
 * inside modules, off it they fall on the edges between modules. The bits read on the bent grid are
 * drawn as a clean code for a second zxing pass, so error correction still guards the result.
 */

export interface Point {
  x: number;
  y: number;
}

/** Maps (u, v) in the unit square into `out` = [x, y] (no allocation: this runs millions of times). */
type Homography = (u: number, v: number, out: Float64Array) => void;

/** The projective map of the unit square onto a quadrilateral (corners clockwise from top-left). */
function squareToQuad([p0, p1, p2, p3]: readonly Point[]): Homography {
  const a = p0!;
  const b = p1!;
  const c = p2!;
  const d = p3!;
  const sx = a.x - b.x + c.x - d.x;
  const sy = a.y - b.y + c.y - d.y;
  let g = 0;
  let h = 0;
  if (Math.abs(sx) > 1e-9 || Math.abs(sy) > 1e-9) {
    const dx1 = b.x - c.x;
    const dx2 = d.x - c.x;
    const dy1 = b.y - c.y;
    const dy2 = d.y - c.y;
    const den = dx1 * dy2 - dx2 * dy1;
    g = (sx * dy2 - dx2 * sy) / den;
    h = (dx1 * sy - sx * dy1) / den;
  }
  const m11 = b.x - a.x + g * b.x;
  const m21 = d.x - a.x + h * d.x;
  const m12 = b.y - a.y + g * b.y;
  const m22 = d.y - a.y + h * d.y;
  return (u, v, out) => {
    const w = g * u + h * v + 1;
    out[0] = (m11 * u + m21 * v + a.x) / w;
    out[1] = (m12 * u + m22 * v + a.y) / w;
  };
}

interface Plane {
  data: Float32Array;
  width: number;
  height: number;
}

function sample(image: Plane, x: number, y: number): number {
  const { data, width, height } = image;
  const fx = Math.min(width - 1.001, Math.max(0, x - 0.5));
  const fy = Math.min(height - 1.001, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const ax = fx - x0;
  const ay = fy - y0;
  const i = y0 * width + x0;
  const top = data[i]! * (1 - ax) + data[i + 1]! * ax;
  const bottom = data[i + width]! * (1 - ax) + data[i + width + 1]! * ax;
  return top * (1 - ay) + bottom * ay;
}

/**
 * The colour of the function-pattern modules (finders with their separators, timing lines, and the
 * single alignment pattern of versions 2–6): 1 dark, 0 light, -1 data. They anchor the grid, so it
 * cannot slip by a whole module where the picture alone would allow it.
 */
function functionPatterns(n: number): Int8Array {
  const known = new Int8Array(n * n).fill(-1);
  const set = (i: number, j: number, dark: boolean) => {
    if (i >= 0 && j >= 0 && i < n && j < n) known[j * n + i] = dark ? 1 : 0;
  };
  for (const [fi, fj] of [
    [0, 0],
    [n - 7, 0],
    [0, n - 7],
  ] as const) {
    for (let dj = -1; dj <= 7; dj++) {
      for (let di = -1; di <= 7; di++) {
        const ring = Math.max(Math.abs(di - 3), Math.abs(dj - 3));
        set(fi + di, fj + dj, ring !== 2 && ring !== 4);
      }
    }
  }
  for (let k = 8; k < n - 8; k++) {
    set(k, 6, k % 2 === 0);
    set(6, k, k % 2 === 0);
  }
  const version = (n - 17) / 4;
  if (version >= 2 && version <= 6) {
    for (let dj = -2; dj <= 2; dj++) {
      for (let di = -2; di <= 2; di++)
        set(n - 7 + di, n - 7 + dj, Math.max(Math.abs(di), Math.abs(dj)) !== 1);
    }
  }
  return known;
}

/** Candidate offsets per axis on each side of a control point in each refinement round. */
const SEARCH = 2;

interface Field {
  step: number;
  count: number;
  du: Float64Array;
  dv: Float64Array;
}

function displacement(field: Field, u: number, v: number): [number, number] {
  const gx = Math.min(field.count - 1.0001, Math.max(0, u / field.step));
  const gy = Math.min(field.count - 1.0001, Math.max(0, v / field.step));
  const i0 = Math.floor(gx);
  const j0 = Math.floor(gy);
  const fx = gx - i0;
  const fy = gy - j0;
  const n = field.count;
  const k = j0 * n + i0;
  const lerp = (a: Float64Array) =>
    (a[k]! * (1 - fx) + a[k + 1]! * fx) * (1 - fy) + (a[k + n]! * (1 - fx) + a[k + n + 1]! * fx) * fy;
  return [lerp(field.du), lerp(field.dv)];
}

/** The code's neighbourhood as "brightness above the local mean", and how to read it at (u, v). */
interface Sampler {
  n: number;
  moduleSize: number;
  known: Int8Array;
  relative: Plane;
  /** Corners in `relative`'s coordinates, clockwise from top-left. */
  quad: Point[];
}

function sampler(image: GreyImage, corners: readonly Point[], n: number, moduleSize: number): Sampler {
  // Work on the code's neighbourhood only: the blurs below are over whole images.
  const margin = moduleSize * 4;
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.x)) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.y)) - margin));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...corners.map((p) => p.x)) + margin));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...corners.map((p) => p.y)) + margin));
  const region = crop(image, x0, y0, x1 - x0, y1 - y0);
  const smooth = moduleSize >= 4 ? boxBlur(region, 1) : region;
  const local = boxBlur(region, Math.max(2, Math.round(moduleSize * 2.5)));
  // Negative inside dark modules, positive in light ones, near zero on the edges between them.
  const relative: Plane = {
    data: new Float32Array(region.data.length),
    width: region.width,
    height: region.height,
  };
  for (let i = 0; i < relative.data.length; i++) relative.data[i] = smooth.data[i]! - local.data[i]!;
  return {
    n,
    moduleSize,
    known: functionPatterns(n),
    relative,
    quad: corners.map((p) => ({ x: p.x - x0, y: p.y - y0 })),
  };
}

const point = new Float64Array(2);

/** Brightness above the local mean at module coordinates (u, v) through `map`. */
function contrastAt(s: Sampler, map: Homography, u: number, v: number): number {
  map(u / s.n, v / s.n, point);
  return sample(s.relative, point[0]!, point[1]!);
}

/** How well a module reads: far from the threshold, and the right colour where the colour is known. */
function moduleScore(contrast: number, expected: number): number {
  return expected < 0 ? Math.abs(contrast) : expected === 1 ? -contrast : contrast;
}

function gridScore(s: Sampler, map: Homography): number {
  let score = 0;
  for (let j = 0; j < s.n; j++) {
    for (let i = 0; i < s.n; i++)
      score += moduleScore(contrastAt(s, map, i + 0.5, j + 0.5), s.known[j * s.n + i]!);
  }
  return score;
}

/**
 * zxing extrapolates the bottom-right corner, which has no finder; on a bent code it can be a
 * module or two off. Move each corner, that one furthest, to where the whole grid reads best.
 */
function fitCorners(s: Sampler): Homography {
  const quad = s.quad.slice();
  for (const [corner, reach, steps] of [
    [2, 2, 4],
    [2, 0.5, 2],
    [0, 0.5, 2],
    [1, 0.5, 2],
    [3, 0.5, 2],
    [2, 0.25, 1],
  ] as const) {
    let best = gridScore(s, squareToQuad(quad));
    let bestCorner = quad[corner]!;
    const origin = quad[corner]!;
    for (let oy = -steps; oy <= steps; oy++) {
      for (let ox = -steps; ox <= steps; ox++) {
        if (ox === 0 && oy === 0) continue;
        const trial = quad.slice();
        trial[corner] = {
          x: origin.x + (ox * reach * s.moduleSize) / steps,
          y: origin.y + (oy * reach * s.moduleSize) / steps,
        };
        const score = gridScore(s, squareToQuad(trial));
        if (score > best) {
          best = score;
          bestCorner = trial[corner]!;
        }
      }
    }
    quad[corner] = bestCorner;
  }
  return squareToQuad(quad);
}

/** Per-module displacement (in modules) interpolated from the field's control points. */
function moduleOffsets(field: Field, n: number): { du: Float64Array; dv: Float64Array } {
  const du = new Float64Array(n * n);
  const dv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) [du[j * n + i], dv[j * n + i]] = displacement(field, i + 0.5, j + 0.5);
  }
  return { du, dv };
}

/**
 * Moves each control point, in three rounds of shrinking reach, to the offset at which the modules
 * around it read best; the modules between control points follow by interpolation.
 */
function fitField(s: Sampler, map: Homography, step: number): Field {
  const { n, known } = s;
  const count = Math.ceil(n / step) + 1;
  const field: Field = {
    step,
    count,
    du: new Float64Array(count * count),
    dv: new Float64Array(count * count),
  };
  const reach = Math.ceil(step * 0.75);
  for (const radius of [0.45, 0.25, 0.12]) {
    const { du, dv } = moduleOffsets(field, n);
    const nextU = new Float64Array(field.du);
    const nextV = new Float64Array(field.dv);
    for (let cj = 0; cj < count; cj++) {
      for (let ci = 0; ci < count; ci++) {
        const cu = Math.min(n, ci * step);
        const cv = Math.min(n, cj * step);
        let best = Number.NEGATIVE_INFINITY;
        for (let oy = -SEARCH; oy <= SEARCH; oy++) {
          for (let ox = -SEARCH; ox <= SEARCH; ox++) {
            const ou = (ox * radius) / SEARCH;
            const ov = (oy * radius) / SEARCH;
            let score = 0;
            for (let j = Math.max(0, cv - reach); j < Math.min(n, cv + reach); j++) {
              for (let i = Math.max(0, cu - reach); i < Math.min(n, cu + reach); i++) {
                const k = j * n + i;
                score += moduleScore(
                  contrastAt(s, map, i + 0.5 + du[k]! + ou, j + 0.5 + dv[k]! + ov),
                  known[k]!,
                );
              }
            }
            if (score > best) {
              best = score;
              nextU[cj * count + ci] = field.du[cj * count + ci]! + ou;
              nextV[cj * count + ci] = field.dv[cj * count + ci]! + ov;
            }
          }
        }
      }
    }
    field.du.set(nextU);
    field.dv.set(nextV);
  }
  return field;
}

/** The modules read on the bent grid, drawn 4 px each with a 4-module quiet zone. */
function draw(s: Sampler, map: Homography, field: Field): GreyImage {
  const { n, known } = s;
  const { du, dv } = moduleOffsets(field, n);
  const scale = 4;
  const quiet = 4;
  const size = (n + 2 * quiet) * scale;
  const out = greyImage(size, size);
  out.data.fill(255);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      const expected = known[k]!;
      const dark = expected < 0 ? contrastAt(s, map, i + 0.5 + du[k]!, j + 0.5 + dv[k]!) < 0 : expected === 1;
      if (!dark) continue;
      for (let y = 0; y < scale; y++) {
        const row = ((j + quiet) * scale + y) * size + (i + quiet) * scale;
        out.data.fill(0, row, row + scale);
      }
    }
  }
  return out;
}

/**
 * Reads the module grid of a code of `modules` modules per side inside `corners`, and draws it as
 * a clean black-on-white code. `step` is the spacing of the displacement field's control points, in
 * modules: smaller follows sharper folds but is more easily fooled. `null` when the modules are too
 * small in the picture to be worth it.
 */
export function regrid(
  image: GreyImage,
  corners: readonly Point[],
  modules: number,
  step = 5,
): GreyImage | null {
  const side = Math.hypot(corners[1]!.x - corners[0]!.x, corners[1]!.y - corners[0]!.y);
  const moduleSize = side / modules;
  if (moduleSize < 2.5) return null;
  const s = sampler(image, corners, modules, moduleSize);
  const map = fitCorners(s);
  return draw(s, map, fitField(s, map, step));
}
