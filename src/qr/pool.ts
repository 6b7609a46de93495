import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { threadModule } from "../lib/thread-module.js";
import type { DecodeOptions, QrDecodeResult } from "./decode.js";
import { QrError, qrErrorFromWire } from "./errors.js";
import { DEFAULT_LOAD_LIMITS, sizeRefusal } from "./load.js";
import type { TaskStarted, WorkerReply, WorkerTask } from "./worker.js";

export interface QrDecoderPoolOptions extends Omit<DecodeOptions, "timeoutMs"> {
  /** Worker threads. Default: `os.availableParallelism()`. */
  threads?: number;
  /** Images allowed to wait while all threads are busy; one more is refused with `busy`. Default 4 × threads. */
  maxQueue?: number;
  /** Time budget per image once a thread takes it. Default 2000 ms. */
  timeoutMs?: number;
  /**
   * A worker still busy this long after its budget (a single huge attempt that cannot be interrupted)
   * is terminated and replaced, and the image fails with `timeout`. Default 1000 ms.
   */
  hardTimeoutGraceMs?: number;
  /**
   * How long an image may wait for a thread that is still starting (a fresh or replaced thread loads
   * its modules first: about 0.5 s idle, seconds on a loaded machine) before it fails with `timeout`.
   * Default 30 000 ms.
   */
  startTimeoutMs?: number;
}

export interface QrDecoderPool {
  /** Decodes in a worker thread. Rejects only with {@link QrError}. `timeoutMs` overrides the pool's. */
  decode(bytes: Uint8Array, options?: { timeoutMs?: number }): Promise<QrDecodeResult>;
  /** Images decoding plus images waiting. */
  readonly pending: number;
  /** Refuses new images, fails waiting ones with `closed`, and stops the threads. */
  close(): Promise<void>;
}

interface Waiting {
  bytes: Uint8Array;
  timeoutMs: number;
  resolve: (result: QrDecodeResult) => void;
  reject: (err: QrError) => void;
}

const isTaskStarted = (message: unknown): message is TaskStarted =>
  typeof message === "object" && message !== null && "qrTaskStarted" in message;

/**
 * A bounded pool of decoder threads, so that decoding never blocks the caller's event loop. Our own
 * queue sits in front of piscina: a task reaches piscina only when a thread is free, and the hard
 * timeout starts when the thread reports it took the task, so it measures decoding — not waiting,
 * and not a thread's start-up.
 */
export function createQrDecoderPool(options: QrDecoderPoolOptions = {}): QrDecoderPool {
  const {
    threads: threadOption,
    maxQueue: maxQueueOption,
    hardTimeoutGraceMs = 1000,
    startTimeoutMs = 30_000,
    ...decode
  } = options;
  const threads = Math.max(1, threadOption ?? availableParallelism());
  const maxQueue = Math.max(0, maxQueueOption ?? threads * 4);
  const defaultTimeoutMs = decode.timeoutMs ?? 2000;
  const maxBytes = decode.maxBytes ?? DEFAULT_LOAD_LIMITS.maxBytes;

  const piscina = new Piscina<WorkerTask, WorkerReply>({
    ...threadModule(import.meta.url, "worker"),
    minThreads: threads,
    maxThreads: threads,
    maxQueue: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  const waiting: Waiting[] = [];
  const onStart = new Map<number, () => void>();
  let lastId = 0;
  let running = 0;
  let closed = false;
  piscina.on("message", (message: unknown) => {
    if (isTaskStarted(message)) onStart.get(message.qrTaskStarted)?.();
  });

  function run(task: Waiting): void {
    running++;
    const id = ++lastId;
    const { timeoutMs } = task;
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(), startTimeoutMs);
    onStart.set(id, () => {
      onStart.delete(id);
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), timeoutMs + hardTimeoutGraceMs);
    });
    piscina
      .run({ id, bytes: task.bytes, options: { ...decode, timeoutMs } }, { signal: abort.signal })
      .then(
        (reply) => {
          if ("ok" in reply) task.resolve(reply.ok);
          else task.reject(qrErrorFromWire(reply.error) ?? new QrError("internal", reply.error.message));
        },
        (err: unknown) => {
          if (abort.signal.aborted) {
            const why = onStart.has(id)
              ? `no decoder thread started within ${startTimeoutMs} ms`
              : `decoding took over ${timeoutMs} ms`;
            task.reject(new QrError("timeout", why));
          } else if (closed) task.reject(new QrError("closed", "the decoder pool was closed"));
          else task.reject(new QrError("internal", "a decoder thread failed", { cause: err }));
        },
      )
      .finally(() => {
        onStart.delete(id);
        clearTimeout(timer);
        running--;
        const next = waiting.shift();
        if (next && !closed) run(next);
      });
  }

  return {
    get pending() {
      return running + waiting.length;
    },

    decode(bytes, options) {
      if (closed) return Promise.reject(new QrError("closed", "the decoder pool is closed"));
      const refused = sizeRefusal(bytes, maxBytes);
      if (refused) return Promise.reject(refused);
      if (running >= threads && waiting.length >= maxQueue) {
        return Promise.reject(new QrError("busy", "all decoders are busy; try again in a moment"));
      }
      return new Promise((resolve, reject) => {
        const task = { bytes, timeoutMs: options?.timeoutMs ?? defaultTimeoutMs, resolve, reject };
        if (running < threads) run(task);
        else waiting.push(task);
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new QrError("closed", "the decoder pool was closed"));
      await piscina.destroy();
    },
  };
}
