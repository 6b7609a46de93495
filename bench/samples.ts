import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One picture of a sample set. `text` is the expected content; `null` means the content is not
 * known (any text counts as decoded). `noCode` marks a picture without any code: any text is a
 * false positive.
 */
export interface Sample {
  file: string;
  path: string;
  set: string;
  text: string | null;
  noCode: boolean;
}

interface ManifestEntry {
  file: string;
  text?: string | null;
  noCode?: boolean;
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** `../shared/qr-samples` beside the checkout, or `QR_SAMPLES_DIR`. */
export function defaultSamplesDir(): string {
  return resolve(process.env.QR_SAMPLES_DIR ?? join(REPO, "..", "shared", "qr-samples"));
}

/**
 * Reads a folder with a `manifest.json`. Entries are grouped into sets by their first path
 * component when the folder has sub-folders (the shared samples: `zxing-cpp/…`, `jsqr-e2e/…`),
 * otherwise the whole folder is one set named after it.
 */
export function loadSamples(dir: string): Sample[] {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found`);
  const entries = JSON.parse(readFileSync(manifestPath, "utf8")) as ManifestEntry[];
  return entries.map((entry) => {
    const parts = entry.file.split("/");
    return {
      file: entry.file,
      path: join(dir, entry.file),
      set: parts.length > 1 ? parts[0]! : basename(dir),
      text: entry.text ?? null,
      noCode: entry.noCode === true,
    };
  });
}

const CONTROL_NAMES = [
  "NUL",
  "SOH",
  "STX",
  "ETX",
  "EOT",
  "ENQ",
  "ACK",
  "BEL",
  "BS",
  "HT",
  "LF",
  "VT",
  "FF",
  "CR",
  "SO",
  "SI",
  "DLE",
  "DC1",
  "DC2",
  "DC3",
  "DC4",
  "NAK",
  "SYN",
  "ETB",
  "CAN",
  "EM",
  "SUB",
  "ESC",
  "FS",
  "GS",
  "RS",
  "US",
];

/**
 * The manifest writes binary payloads the way zxing's HRI text mode does (`<SOH>`, `<U+8E>`, `<U+A0>`); text
 * payloads keep their line ends. Compare both ways.
 */
function escaped(text: string, keepLineEnds: boolean): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (keepLineEnds && (char === "\r" || char === "\n" || char === "\t")) out += char;
    else if (code < 32) out += `<${CONTROL_NAMES[code]}>`;
    else if (code === 127) out += "<DEL>";
    else if (code >= 0x80 && code <= 0xa0) out += `<U+${code.toString(16).toUpperCase()}>`;
    else out += char;
  }
  return out;
}

export type Verdict = "decoded" | "missed" | "wrong" | "false_positive" | "clean";

/**
 * `decoded`: a text equals the expected one (or any text when the content is unknown);
 * `wrong`: texts came out but none is the expected one; `false_positive` / `clean` for pictures
 * without a code. With `lenient`, an expected empty text (jsQR's output for Shift_JIS payloads it
 * could not render) is treated as unknown content.
 */
export function judge(sample: Sample, texts: readonly string[], lenient: boolean): Verdict {
  if (sample.noCode) return texts.length > 0 ? "false_positive" : "clean";
  if (texts.length === 0) return "missed";
  const expected = sample.text;
  if (expected === null || (lenient && expected === "")) return "decoded";
  const hit = texts.some(
    (t) => t === expected || escaped(t, true) === expected || escaped(t, false) === expected,
  );
  return hit ? "decoded" : "wrong";
}
