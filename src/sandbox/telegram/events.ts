import { EventEmitter } from "node:events";
import type { Logger } from "../../logger.js";
import type { EmulatorEvent, EmulatorEventMap } from "./types.js";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<EmulatorEvent, "seq" | "at">;

/**
 * An in-order log of everything observable plus an emitter for live listeners. The log lets a waiter
 * see events that happened before it started waiting (`since` a mark), which is what makes waits race-free.
 */
export class EventLog {
  readonly emitter = new EventEmitter<EmulatorEventMap>();
  private readonly log: EmulatorEvent[] = [];
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity: number,
    private readonly logger?: Logger,
  ) {
    // Tests and the playground may attach many waiters at once.
    this.emitter.setMaxListeners(0);
  }

  /** The sequence number of the latest event; events after it have a greater `seq`. */
  mark(): number {
    return this.seq;
  }

  since(mark: number): EmulatorEvent[] {
    // The log is ordered by seq, so search from the end (waits usually ask about recent events).
    let i = this.log.length;
    while (i > 0 && this.log[i - 1]!.seq > mark) i--;
    return this.log.slice(i);
  }

  emit(event: NewEvent): EmulatorEvent {
    const full = { ...event, seq: ++this.seq, at: this.now() } as EmulatorEvent;
    this.log.push(full);
    if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
    // A throwing listener must not turn into a failed API call for the bot.
    try {
      (this.emitter.emit as (name: string, e: EmulatorEvent) => boolean)(full.type, full);
      this.emitter.emit("event", full);
    } catch (err) {
      this.logger?.error({ err, event: full.type }, "telegram emulator: event listener threw");
    }
    return full;
  }

  /** Calls `listener` for every future event; returns the unsubscribe function. */
  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
