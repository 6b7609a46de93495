import type { Logger } from "../logger.js";
import type { TimerStore } from "../store/types.js";
import type { RecordKernel } from "./kernel.js";
import type { LifeRecord } from "./record.js";

export interface FinalNotificationsDeps<S extends string, R extends LifeRecord<S>> {
  kernel: RecordKernel<S, R>;
  timers: TimerStore;
  /** The kind of the safety-net timer, e.g. "notify". */
  timerKind: string;
  /** When the fast path fails, try again after this long. */
  retryMs: number;
  clock: () => number;
  logger: Logger;
  /** Draws the final card and sends the one notification. Throwing means "try again later". */
  send(record: R): Promise<void>;
}

/**
 * The one final notification of a record: claimed in Redis (the kernel claims it with the final
 * move), sent, then marked sent. A safety-net timer, written before the send, retries it when the
 * send fails or the instance dies; a crash between sending and marking can repeat it, never lose it.
 */
export class FinalNotifications<S extends string, R extends LifeRecord<S>> {
  constructor(private readonly deps: FinalNotificationsDeps<S, R>) {}

  /** The safety net: if the fast path fails or we die, the timer sends it. */
  scheduleRetry(id: string): Promise<void> {
    return this.deps.timers.schedule(this.deps.timerKind, id, this.deps.clock() + this.deps.retryMs);
  }

  /** Sends the notification unless someone has or is sending it. True when it is sent (by anyone). */
  async deliver(id: string, scheduled?: Promise<unknown>): Promise<boolean> {
    const claim = await this.deps.kernel.claimNotification(id);
    if (!claim) return true;
    if (!claim.claimed) return claim.record.notified?.state === claim.record.state;
    return this.sendClaimed(claim.record, scheduled);
  }

  /**
   * Sends the notification of a record whose claim we hold, then marks it sent. `scheduled`: the
   * write of the safety-net timer, which must land before the timer is cancelled.
   */
  async sendClaimed(record: R, scheduled?: Promise<unknown>): Promise<boolean> {
    try {
      await this.deps.send(record);
    } catch (err) {
      this.deps.logger.warn({ err, recordId: record.id }, "final notification failed; will retry");
      await this.deps.kernel.releaseNotification(record.id);
      return false;
    }
    await scheduled?.catch(() => undefined);
    await this.deps.kernel.markNotified(record.id, record.state);
    await this.deps.timers.cancel(this.deps.timerKind, record.id);
    return true;
  }

  /** The safety-net timer came due: when to run it again, if ever. */
  async onTimer(id: string): Promise<number | undefined> {
    return (await this.deliver(id)) ? undefined : this.deps.clock() + this.deps.retryMs;
  }
}
