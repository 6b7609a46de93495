import type { StoredRecord } from "../store/types.js";

/** What every money record carries for the kernel: its state, its history and its notification. */
export interface LifeRecord<S extends string = string> extends StoredRecord {
  state: S;
  updatedAt: number;
  /** When it first reached a final state. */
  finalAt?: number;
  /** The last state whose notification reached the person. */
  notified?: { state: S; at: number };
  /** A notifier holds the right to send the final notification until then. */
  notifyingUntil?: number;
  history: Array<{ state: S; at: number; via: string }>;
}
