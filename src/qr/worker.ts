import { parentPort } from "node:worker_threads";
import { type DecodeOptions, decodeQr, type QrDecodeResult } from "./decode.js";
import { QrError } from "./errors.js";
import { zxingModule } from "./zxing.js";

export interface WorkerTask {
  /** Reported back in a {@link TaskStarted} message the moment this thread takes the task. */
  id: number;
  bytes: Uint8Array;
  options: DecodeOptions;
}

export interface TaskStarted {
  qrTaskStarted: number;
}

export type WorkerReply = { ok: QrDecodeResult } | { error: { code: string; message: string } };

// Compile the WebAssembly module while the thread starts, not on its first photo.
await zxingModule();

/** Piscina task: errors travel back as data, so the pool can rebuild the typed QrError. */
export default async function decodeTask(task: WorkerTask): Promise<WorkerReply> {
  parentPort?.postMessage({ qrTaskStarted: task.id } satisfies TaskStarted);
  try {
    return { ok: await decodeQr(task.bytes, task.options) };
  } catch (err) {
    if (err instanceof QrError) return { error: { code: err.code, message: err.message } };
    return { error: { code: "internal", message: err instanceof Error ? err.message : String(err) } };
  }
}
