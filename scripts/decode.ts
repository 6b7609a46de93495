/**
 * `npm run --silent decode -- FILE...` — one JSON line per file, in order, on stdout:
 * `{"file","text","texts","ms"}` (+ `"error"`, a QrError code or `unreadable`, when the file could
 * not be read or decoded). `text` is the first code or null. Exit 0 whatever was found; 2 for usage
 * errors. Nothing else is written to stdout.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { decodeQr, isQrError } from "../src/qr/index.js";

interface Line {
  file: string;
  text: string | null;
  texts: string[];
  ms: number;
  error?: string;
}

async function decodeFile(file: string, timeoutMs: number): Promise<Line> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return { file, text: null, texts: [], ms: ms(), error: "unreadable" };
  }
  try {
    const result = await decodeQr(bytes, { timeoutMs });
    const texts = result.codes.map((code) => code.text);
    return { file, text: texts[0] ?? null, texts, ms: ms() };
  } catch (err) {
    return { file, text: null, texts: [], ms: ms(), error: isQrError(err) ? err.code : "internal" };
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return usage();
  }
  const { values, positionals } = parsed;
  const timeoutMs = Number(values.timeout);
  if (positionals.length === 0 || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return usage();
  for (const file of positionals) {
    process.stdout.write(`${JSON.stringify(await decodeFile(file, timeoutMs))}\n`);
  }
  return 0;
}

function parse() {
  return parseArgs({ allowPositionals: true, options: { timeout: { type: "string", default: "2000" } } });
}

function usage(): number {
  process.stderr.write("usage: npm run --silent decode -- [--timeout MS] FILE...\n");
  return 2;
}

process.exitCode = await main();
