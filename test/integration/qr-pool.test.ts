import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadModule } from "../../src/lib/thread-module.js";
import { createQrDecoderPool, type QrDecoderPool, QrError } from "../../src/qr/index.js";
import { noisePhoto, qrPng } from "../unit/qr/images.js";

const SBP =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";

async function rejection(promise: Promise<unknown>): Promise<QrError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(QrError);
    return err as QrError;
  }
  throw new Error("expected a QrError");
}

describe("threadModule", () => {
  it("runs worker.ts through tsx from source and worker.js from dist", () => {
    const source = threadModule("file:///app/src/qr/pool.ts", "worker");
    expect(source.filename).toBe("file:///app/src/qr/worker.ts");
    expect(source.execArgv).toEqual([
      "--import",
      expect.stringMatching(/^data:text\/javascript,import\{register\}from"file:.*tsx.*";register\(\);$/),
    ]);
    expect(threadModule("file:///app/dist/qr/pool.js", "worker")).toEqual({
      filename: "file:///app/dist/qr/worker.js",
      execArgv: [],
    });
  });
});

describe("createQrDecoderPool", () => {
  let pool: QrDecoderPool;
  let code: Buffer;
  let noise: Buffer;

  beforeAll(async () => {
    pool = createQrDecoderPool({ threads: 2, maxQueue: 40 });
    code = await qrPng(SBP);
    noise = await noisePhoto(400, 300);
  });

  afterAll(async () => {
    await pool.close();
  });

  it("decodes in a worker thread", async () => {
    const result = await pool.decode(code);
    expect(result.codes.map((c) => c.text)).toEqual([SBP]);
    expect(result.codes[0]!.bytes).toBeInstanceOf(Uint8Array);
  });

  it("rebuilds typed errors that happened in the worker", async () => {
    expect((await rejection(pool.decode(new TextEncoder().encode("not an image, just words")))).code).toBe(
      "not_image",
    );
    expect((await rejection(pool.decode(code.subarray(0, 100)))).code).toBe("corrupt");
    expect((await rejection(pool.decode(new Uint8Array(0)))).code).toBe("empty");
  });

  it("keeps the event loop responsive while 20 photos decode at once", async () => {
    const photos = [...Array.from({ length: 10 }, () => code), ...Array.from({ length: 10 }, () => noise)];
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const results = await Promise.allSettled(photos.map((photo) => pool.decode(photo)));
    delay.disable();
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    // Decoding 20 photos on this thread would block it for seconds; workers leave it free.
    expect(delay.max / 1e6).toBeLessThan(500);
    expect(delay.mean / 1e6).toBeLessThan(60);
  });
});

describe("a full pool", () => {
  it("answers busy instead of queueing without bound, and recovers", async () => {
    const pool = createQrDecoderPool({ threads: 1, maxQueue: 1 });
    try {
      const noise = await noisePhoto(400, 300);
      const first = pool.decode(noise);
      const second = pool.decode(noise);
      const refused = await rejection(pool.decode(noise));
      expect(refused.code).toBe("busy");
      expect(pool.pending).toBe(2);
      await Promise.all([first, second]);
      expect((await pool.decode(await qrPng(SBP))).codes).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it("fails an overrunning decode with timeout and replaces the thread", async () => {
    const pool = createQrDecoderPool({ threads: 1, hardTimeoutGraceMs: 0 });
    try {
      const noise = await noisePhoto();
      await pool.decode(await qrPng(SBP), { timeoutMs: 10_000 }); // the thread is up and warm
      const outcome = await pool.decode(noise, { timeoutMs: 20 }).then(
        (result) => result.timedOut,
        (err: QrError) => err.code,
      );
      // Either the ladder noticed the deadline between attempts, or the pool stopped the thread.
      expect([true, "timeout"]).toContain(outcome);
      expect((await pool.decode(await qrPng(SBP), { timeoutMs: 10_000 })).codes).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it("does not count a thread's start-up against an image's time budget", async () => {
    // A fresh thread loads its modules first (≈ 0.5 s here, seconds under load); decoding this code takes
    // ≈ 10 ms. Counted from the call, the hard limit of 300 ms would fail the very first photo.
    const pool = createQrDecoderPool({ threads: 1, timeoutMs: 300, hardTimeoutGraceMs: 0 });
    try {
      const result = await pool.decode(await qrPng(SBP));
      expect(result.codes.map((c) => c.text)).toEqual([SBP]);
    } finally {
      await pool.close();
    }
  });

  it("refuses work after close", async () => {
    const pool = createQrDecoderPool({ threads: 1 });
    await pool.close();
    expect((await rejection(pool.decode(new Uint8Array([1])))).code).toBe("closed");
  });
});
