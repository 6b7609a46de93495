import type { Logger } from "../logger.js";
import type { TimerStore } from "../store/types.js";

/** Runs one due timer; returns when to run it again, or undefined when it is done. */
export type TimerHandler = (id: string) => Promise<number | undefined>;

export interface TimerLoopOptions {
  timers: TimerStore;
  /** By timer kind: every record kind registers its own (quote expiry, status polls, notifications…). */
  handlers: Readonly<Record<string, TimerHandler>>;
  logger: Logger;
  /** How often to look for due timers. */
  tickMs: number;
  /** A claimed timer belongs to this instance that long; if we die, it comes due again after it. */
  leaseMs: number;
  clock?: () => number;
}

/** Runs due timers of every record kind, on every instance. */
export function startTimerLoop(options: TimerLoopOptions): { stop(): Promise<void> } {
  const clock = options.clock ?? Date.now;
  const log = options.logger.child({ component: "timers" });
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runOne = async (kind: string, id: string) => {
    const handler = Object.hasOwn(options.handlers, kind) ? options.handlers[kind] : undefined;
    if (!handler) {
      log.warn({ kind, id }, "unknown timer kind dropped");
      await options.timers.cancel(kind, id);
      return;
    }
    try {
      const next = await handler(id);
      if (next === undefined) await options.timers.cancel(kind, id);
      else await options.timers.schedule(kind, id, next);
    } catch (err) {
      // The lease runs out and the timer comes due again: a retry without a retry loop.
      log.error({ err, kind, id }, "timer failed");
    }
  };

  const tick = async () => {
    if (stopped) return;
    try {
      const due = await options.timers.claimDue(clock(), options.leaseMs);
      for (const { kind, id } of due) {
        const work = runOne(kind, id).finally(() => running.delete(work));
        running.add(work);
      }
    } catch (err) {
      log.warn({ err }, "could not read due timers");
    }
    if (!stopped) timer = setTimeout(tick, options.tickMs);
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
