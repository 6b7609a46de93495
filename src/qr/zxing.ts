/// <reference types="emscripten" />
import {
  BINARIZERS,
  type Binarizer,
  CHARACTER_SETS,
  EAN_ADD_ON_SYMBOLS,
  encodeFormats,
  prepareZXingModule,
  TEXT_MODES,
  type ZXingReaderModule,
  type ZXingReaderOptions,
  type ZXingReadResult,
} from "zxing-wasm/reader";
import type { GreyImage } from "./image.js";
import { toStderr, zxingWasm } from "./wasm.js";

export interface ZxingOptions {
  tryHarder?: boolean;
  tryRotate?: boolean;
  tryInvert?: boolean;
  tryDownscale?: boolean;
  tryDenoise?: boolean;
  binarizer?: Binarizer;
  isPure?: boolean;
  /** Also return codes that were located but not decoded (`text` empty, `error` set). */
  returnErrors?: boolean;
}

export interface ZxingCode {
  text: string;
  bytes: Uint8Array;
  /** Corners, clockwise from top-left, in the coordinates of the image that was read. */
  corners: Array<{ x: number; y: number }>;
  /** Set when the code was located but could not be decoded (only with `returnErrors`). */
  error?: string;
  /** Modules per side for a (non-micro) QR code whose version was read, e.g. 29 for version 3. */
  modules?: number;
}

function modulesOf(extra: string): number | undefined {
  try {
    const version = (JSON.parse(extra) as { Version?: unknown }).Version;
    const n = typeof version === "string" && /^\d{1,2}$/.test(version) ? Number(version) : Number.NaN;
    return n >= 1 && n <= 40 ? 17 + 4 * n : undefined;
  } catch {
    return undefined;
  }
}

let modulePromise: Promise<ZXingReaderModule> | undefined;

/** The zxing-cpp reader, compiled to WebAssembly (see {@link zxingWasm}). */
export function zxingModule(): Promise<ZXingReaderModule> {
  modulePromise ??= prepareZXingModule({
    overrides: { wasmBinary: zxingWasm("reader"), print: toStderr, printErr: toStderr },
    fireImmediately: true,
  });
  return modulePromise;
}

function readerOptions(options: ZxingOptions): ZXingReaderOptions {
  return {
    formats: encodeFormats(["QRCode"]),
    tryHarder: options.tryHarder ?? true,
    tryRotate: options.tryRotate ?? true,
    tryInvert: options.tryInvert ?? true,
    tryDownscale: options.tryDownscale ?? true,
    tryDenoise: options.tryDenoise ?? false,
    binarizer: BINARIZERS.indexOf(options.binarizer ?? "LocalAverage"),
    isPure: options.isPure ?? false,
    downscaleThreshold: 500,
    downscaleFactor: 3,
    minLineCount: 2,
    maxNumberOfSymbols: 255,
    validateOptionalChecksum: false,
    returnErrors: options.returnErrors ?? false,
    eanAddOnSymbol: EAN_ADD_ON_SYMBOLS.indexOf("Ignore"),
    textMode: TEXT_MODES.indexOf("Plain"),
    characterSet: CHARACTER_SETS.indexOf("Unknown"),
    tryCode39ExtendedMode: false,
  };
}

/**
 * Reads QR codes from a grey image. This calls the module's pixmap entry point directly: the
 * package's `readBarcodes` would take RGBA and convert it to grey in JavaScript on every call.
 */
export function readZxing(
  module: ZXingReaderModule,
  image: GreyImage,
  options: ZxingOptions = {},
): ZxingCode[] {
  const { data, width, height } = image;
  const ptr = module._malloc(data.length);
  if (!ptr) throw new Error(`zxing: cannot allocate ${data.length} bytes`);
  let results: ReturnType<ZXingReaderModule["readBarcodesFromPixmap"]>;
  try {
    module.HEAPU8.set(data, ptr);
    results = module.readBarcodesFromPixmap(ptr, width, height, readerOptions(options));
  } finally {
    module._free(ptr);
  }
  const codes: ZxingCode[] = [];
  try {
    for (let i = 0; i < results.size(); i++) {
      const r = results.get(i) as ZXingReadResult | undefined;
      if (!r) continue;
      if (!r.isValid && !(options.returnErrors && r.error)) continue;
      const p = r.position;
      codes.push({
        ...(!r.isValid && { error: r.error }),
        modules: modulesOf(r.extra),
        text: r.text,
        bytes: new Uint8Array(r.bytes),
        corners: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map(({ x, y }) => ({ x, y })),
      });
    }
  } finally {
    (results as { delete?: () => void }).delete?.();
  }
  return codes;
}
