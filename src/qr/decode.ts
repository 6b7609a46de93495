import type { ZXingReaderModule } from "zxing-wasm/reader";
import { QrError } from "./errors.js";
import type { GreyImage } from "./image.js";
import { readJsqr } from "./jsqr.js";
import { LADDER, type LadderContext, type Step } from "./ladder.js";
import { DEFAULT_LOAD_LIMITS, type LoadLimits, loadGrey } from "./load.js";
import { readZxing, zxingModule } from "./zxing.js";

export interface DecodeOptions extends Partial<LoadLimits> {
  /**
   * Time budget for one image, in ms (default 2000). Checked between attempts; the pool also
   * terminates a thread that overruns it by a grace period.
   */
  timeoutMs?: number;
}

export interface QrCode {
  text: string;
  /** The code's raw payload bytes (byte-mode content as stored, before any charset guess). */
  bytes: Uint8Array;
  decoder: "zxing" | "jsqr";
  /** The attempt of the ladder that read it, e.g. `base`, `crop-x2/sharpen`. */
  variant: string;
}

export interface QrDecodeResult {
  /** Every distinct code found by the first attempt that found any. Empty when there is none. */
  codes: QrCode[];
  /** Wall time from bytes to result. */
  ms: number;
  /** Attempts run, including the successful one. */
  attempts: number;
  /** True when the budget ran out before the ladder did. */
  timedOut: boolean;
  /** Size of the decoded image after EXIF rotation. */
  width: number;
  height: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** jsQR gives "" for byte-mode text it cannot read as UTF-8; fall back to the bytes themselves. */
function jsqrText(text: string, bytes: Uint8Array): string {
  if (text !== "" || bytes.length === 0) return text;
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** One attempt: codes read from `input` (codes zxing only located are added to the context). */
function attempt(
  zxing: ZXingReaderModule,
  step: Step,
  input: GreyImage,
  variant: string,
  context: LadderContext,
): QrCode[] {
  if (step.decoder === "jsqr") {
    const found = readJsqr(input, step.invert ?? "dontInvert");
    return found
      ? [{ text: jsqrText(found.text, found.bytes), bytes: found.bytes, decoder: "jsqr", variant }]
      : [];
  }
  const codes = readZxing(zxing, input, step.zxing);
  if (step.zxing?.returnErrors) context.located.push(...codes.filter((c) => c.error !== undefined));
  return codes
    .filter((c) => c.error === undefined)
    .map((c) => ({ text: c.text, bytes: c.bytes, decoder: "zxing" as const, variant }));
}

/** Runs the attempt ladder on a grey image until a code is found, the ladder ends or time runs out. */
export async function decodeGrey(
  image: GreyImage,
  deadline: number,
): Promise<Pick<QrDecodeResult, "codes" | "attempts" | "timedOut">> {
  const zxing = await zxingModule();
  const context: LadderContext = { base: image, cache: new Map(), located: [] };
  let attempts = 0;
  let timedOut = false;
  for (const step of LADDER) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { codes: [], attempts, timedOut: true };
    if (remaining < (step.minRemainingMs ?? 0)) {
      timedOut = true;
      continue;
    }
    if (step.when && !step.when(context)) continue;
    for (const { name, image: input } of step.images(context)) {
      attempts++;
      const codes = attempt(zxing, step, input, `${name}${step.suffix}`, context);
      if (codes.length > 0) return { codes, attempts, timedOut: false };
      if (performance.now() > deadline) return { codes: [], attempts, timedOut: true };
    }
  }
  return { codes: [], attempts, timedOut };
}

function dedupe(codes: QrCode[]): QrCode[] {
  const seen = new Set<string>();
  return codes.filter((code) => {
    const key = Buffer.from(code.bytes).toString("base64") + code.text;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Image bytes → the QR codes in the picture, in this thread. Use {@link createQrDecoderPool} from
 * anything that must stay responsive. Throws only {@link QrError}; no code found is an empty list.
 */
export async function decodeQr(bytes: Uint8Array, options: DecodeOptions = {}): Promise<QrDecodeResult> {
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 2000);
  const limits: LoadLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_LOAD_LIMITS.maxBytes,
    maxPixels: options.maxPixels ?? DEFAULT_LOAD_LIMITS.maxPixels,
    maxSide: options.maxSide ?? DEFAULT_LOAD_LIMITS.maxSide,
  };
  const image = await loadGrey(bytes, limits);
  try {
    const found = await decodeGrey(image, deadline);
    return {
      ...found,
      codes: dedupe(found.codes),
      ms: performance.now() - started,
      width: image.width,
      height: image.height,
    };
  } catch (err) {
    throw new QrError("internal", "the decoder failed", { cause: err });
  }
}
