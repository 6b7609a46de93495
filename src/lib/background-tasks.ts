import type { Logger } from "../logger.js";

/**
 * Work that outlives the request that started it (Telegram edits after a webhook was answered).
 * Shutdown drains it, so answering a provider quickly never loses the follow-up work.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  /** Counts an awaited piece of work (an update being handled) so shutdown can wait for it. */
  async track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    try {
      return await work;
    } finally {
      this.running.delete(settled);
    }
  }

  /** Starts work nobody awaits; failures are logged, never thrown. */
  run(name: string, task: () => Promise<unknown>): void {
    const promise = Promise.resolve()
      .then(task)
      .catch((err) => this.logger.error({ err, task: name }, "background task failed"))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  get size(): number {
    return this.running.size;
  }

  /** Waits for the tasks running now (and any they start), at most `timeoutMs`. True when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }
}
