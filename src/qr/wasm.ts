import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule as prepareWriter } from "zxing-wasm/writer";

/**
 * zxing-cpp's WebAssembly, read from our node_modules: the package's default is a CDN URL, and a
 * production host may have no internet.
 */
export function zxingWasm(kind: "reader" | "writer"): ArrayBuffer {
  const file = createRequire(import.meta.url).resolve(`zxing-wasm/${kind}/zxing_${kind}.wasm`);
  const bytes = readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}

// Anything the C++ side prints goes to stderr: the decode CLI's stdout carries JSON only.
export const toStderr = (text: string) => process.stderr.write(`${text}\n`);

let writer: Promise<unknown> | undefined;

/** Prepares the zxing writer once; `writeBarcode` from "zxing-wasm/writer" works after this. */
export function zxingWriterReady(): Promise<unknown> {
  writer ??= Promise.resolve(
    prepareWriter({
      overrides: { wasmBinary: zxingWasm("writer"), print: toStderr, printErr: toStderr },
      fireImmediately: true,
    }),
  );
  return writer;
}
