import { type DecodeOptions, decodeQr, type QrDecodeResult } from "./decode.js";
import { QrError } from "./errors.js";
import { zxingModule } from "./zxing.js";

export interface WorkerTask {
  bytes: Uint8Array;
  options: DecodeOptions;
}

export type WorkerReply = { ok: QrDecodeResult } | { error: { code: string; message: string } };

// Compile the WebAssembly module while the thread starts, not on its first photo.
await zxingModule();

/** Piscina task: errors travel back as data, so the pool can rebuild the typed QrError. */
export default async function decodeTask(task: WorkerTask): Promise<WorkerReply> {
  try {
    return { ok: await decodeQr(task.bytes, task.options) };
  } catch (err) {
    if (err instanceof QrError) return { error: { code: err.code, message: err.message } };
    return { error: { code: "internal", message: err instanceof Error ? err.message : String(err) } };
  }
}
