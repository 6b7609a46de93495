/**
 * `npm run bench:decode [-- FOLDER...] [--samples DIR] [--only ours]`
 *
 * Decodes every picture of the shared sample sets (and of each extra folder with a manifest.json)
 * with three engines — ours, plain jsQR on the full image, plain zxing-wasm (tryHarder) — and
 * prints decoded / total and p50 / p95 ms per set and engine. Writes bench/results/decode.json.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import jsqrModule from "jsqr";
import sharp from "sharp";
import { readBarcodes } from "zxing-wasm/reader";
import { decodeQr } from "../src/qr/index.js";
import { zxingModule } from "../src/qr/zxing.js";
import { defaultSamplesDir, judge, loadSamples, type Sample, type Verdict } from "./samples.js";

const jsQR = jsqrModule.default;
const BUDGET_MS = 2000;
const PHOTO_SIDE = 1280;

interface Outcome {
  texts: string[];
  ms: number;
  error?: string;
  /** Ours only: the ladder attempt that read the code. */
  variant?: string;
}

type Engine = (bytes: Uint8Array) => Promise<Outcome>;

async function rgba(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes)
    .rotate()
    .ensureAlpha()
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

async function timed(run: () => Promise<string[] | { texts: string[]; variant?: string }>): Promise<Outcome> {
  const started = performance.now();
  try {
    const found = await run();
    const ms = performance.now() - started;
    return Array.isArray(found) ? { texts: found, ms } : { ...found, ms };
  } catch (err) {
    return {
      texts: [],
      ms: performance.now() - started,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

const ENGINES: Record<string, Engine> = {
  ours: (bytes) =>
    timed(async () => {
      const { codes } = await decodeQr(bytes, { timeoutMs: BUDGET_MS });
      return { texts: codes.map((c) => c.text), variant: codes[0]?.variant };
    }),
  jsqr: (bytes) =>
    timed(async () => {
      const image = await rgba(bytes);
      const found = jsQR(image.data, image.width, image.height);
      return found ? [found.data] : [];
    }),
  zxing: (bytes) =>
    timed(async () => {
      const image = await rgba(bytes);
      const found = await readBarcodes(image, { formats: ["QRCode"], tryHarder: true });
      return found.map((r) => r.text);
    }),
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  set: string;
  engine: string;
  total: number;
  decoded: number;
  decodedStrict: number;
  unknownDecoded: number;
  unknownTotal: number;
  wrong: number;
  falsePositives: number;
  p50: number;
  p95: number;
  max: number;
  overBudget: number;
  photos: number;
  misses: string[];
  /** Ours only: how many pictures each ladder attempt answered. */
  variants?: Record<string, number>;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      samples: { type: "string" },
      only: { type: "string", multiple: true },
      out: { type: "string" },
      "no-shared": { type: "boolean", default: false },
    },
  });
  const samplesDir = values.samples ?? defaultSamplesDir();
  const samples: Sample[] = [
    ...(values["no-shared"] ? [] : loadSamples(samplesDir)),
    ...positionals.flatMap((dir) => loadSamples(dir)),
  ];
  const engines = Object.entries(ENGINES).filter(([name]) => !values.only || values.only.includes(name));

  await zxingModule();
  // Warm both decoders and the JIT on one picture before timing anything.
  const warm = readFileSync(samples[0]!.path);
  for (const [, engine] of engines) await engine(warm);

  const rows = new Map<string, Row & { times: number[] }>();
  let done = 0;
  for (const sample of samples) {
    const bytes = readFileSync(sample.path);
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => undefined);
    const isPhoto = meta !== undefined && Math.max(meta.width ?? 0, meta.height ?? 0) <= PHOTO_SIDE;
    for (const [name, engine] of engines) {
      const outcome = await engine(bytes);
      const key = `${sample.set}\u0000${name}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          set: sample.set,
          engine: name,
          total: 0,
          decoded: 0,
          decodedStrict: 0,
          unknownDecoded: 0,
          unknownTotal: 0,
          wrong: 0,
          falsePositives: 0,
          p50: 0,
          p95: 0,
          max: 0,
          overBudget: 0,
          photos: 0,
          misses: [],
          times: [],
        };
        rows.set(key, row);
      }
      const verdict: Verdict = judge(sample, outcome.texts, true);
      row.total++;
      if (verdict === "decoded") row.decoded++;
      if (judge(sample, outcome.texts, false) === "decoded") row.decodedStrict++;
      if (verdict === "wrong") row.wrong++;
      if (verdict === "false_positive") row.falsePositives++;
      if (verdict === "missed" || verdict === "wrong") row.misses.push(sample.file);
      if (outcome.variant !== undefined) {
        row.variants ??= {};
        row.variants[outcome.variant] = (row.variants[outcome.variant] ?? 0) + 1;
      }
      if (sample.text === null && !sample.noCode) {
        row.unknownTotal++;
        if (verdict === "decoded") row.unknownDecoded++;
      }
      if (isPhoto) {
        row.times.push(outcome.ms);
        row.photos++;
      }
      row.max = Math.max(row.max, outcome.ms);
      if (outcome.ms > BUDGET_MS) row.overBudget++;
    }
    if (++done % 50 === 0) process.stderr.write(`${done}/${samples.length}\n`);
  }

  const table = [...rows.values()].map(({ times, ...row }) => {
    const sorted = times.sort((a, b) => a - b);
    return {
      ...row,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      max: round(row.max),
    };
  });
  printTable(table);
  const here = dirname(fileURLToPath(import.meta.url));
  const out = values.out ?? join(here, "results", "decode.json");
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        command: `npm run bench:decode${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
        node: process.version,
        cpus: availableParallelism(),
        cpu: cpus()[0]?.model,
        budgetMs: BUDGET_MS,
        photoSide: PHOTO_SIDE,
        rows: table,
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(`wrote ${out}\n`);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function printTable(rows: Row[]): void {
  const header = [
    "set",
    "engine",
    "decoded",
    "strict",
    "unknown",
    "wrong",
    "false+",
    "p50 ms",
    "p95 ms",
    "max ms",
    `>${BUDGET_MS}ms`,
  ];
  const lines = rows.map((r) => [
    r.set,
    r.engine,
    `${r.decoded}/${r.total}`,
    `${r.decodedStrict}/${r.total}`,
    `${r.unknownDecoded}/${r.unknownTotal}`,
    String(r.wrong),
    String(r.falsePositives),
    String(r.p50),
    String(r.p95),
    String(r.max),
    String(r.overBudget),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(fmt(line));
}

await main();
