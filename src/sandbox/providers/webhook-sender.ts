/**
 * Signed webhook delivery for the simulators: POST to the configured URL, retried on non-2xx and on
 * network errors with exponential backoff, every attempt recorded. Deliveries about one payment go
 * out one at a time, in the order its events happened (a retrying one holds up the ones after it),
 * so tests are deterministic; deliveries about different payments go out side by side, as a real
 * provider's do (one slow payment must not delay everybody's webhooks);
 * scenario switches make the next webhook get lost, arrive twice, or arrive after the one that
 * follows it.
 */

import type { Logger } from "../../logger.js";
import type { Clock } from "../../providers/types.js";

export interface WebhookRetryOptions {
  /** Attempts in total per delivery. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

export interface OutgoingWebhook {
  eventId: string;
  type: string;
  body: string;
  /** Events with the same key (one payment, one deposit) are delivered in order; others in parallel. */
  orderingKey?: string;
  /** Headers for one attempt (signatures may include the attempt's time). */
  headers(delivery: DeliveryRecord): Record<string, string>;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  type: string;
  url: string;
  /** `dropped`: lost on purpose by the "webhook lost" scenario; never sent. */
  status: "pending" | "delivered" | "failed" | "dropped";
  attempts: number;
  responseStatus?: number;
  error?: string;
  createdAt: Date;
  lastAttemptAt?: Date;
}

const DEFAULT_RETRY: Required<WebhookRetryOptions> = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  timeoutMs: 5_000,
};

export class WebhookSender {
  /** Oldest first. */
  readonly deliveries: DeliveryRecord[] = [];
  private readonly retry: Required<WebhookRetryOptions>;
  /** One chain per ordering key: in order within a key, unless a scenario says otherwise. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timers = new Set<() => void>();
  private readonly heldBack: Array<() => Promise<void>> = [];
  private readonly stop = new AbortController();
  private drop = 0;
  private duplicate = 0;
  private reorder = 0;
  private sequence = 0;

  constructor(
    private readonly options: {
      clock: Clock;
      retry?: WebhookRetryOptions;
      logger?: Logger;
      idPrefix: string;
    },
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** The next webhook is lost: recorded as dropped, never sent. */
  dropNext(): void {
    this.drop += 1;
  }

  /** The next webhook is delivered twice: the same event, twice in a row. */
  duplicateNext(): void {
    this.duplicate += 1;
  }

  /** The next webhook is held back and delivered right after the one that follows it. */
  reorderNext(): void {
    this.reorder += 1;
  }

  /** Queues a delivery; returns at once. Nothing is sent without a URL. */
  send(url: string | undefined, webhook: OutgoingWebhook): void {
    if (url === undefined || this.stop.signal.aborted) return;
    if (this.drop > 0) {
      this.drop -= 1;
      this.newRecord(url, webhook).status = "dropped";
      return;
    }
    const records = [this.newRecord(url, webhook)];
    if (this.duplicate > 0) {
      this.duplicate -= 1;
      records.push(this.newRecord(url, webhook));
    }
    const deliverAll = async () => {
      for (const record of records) await this.deliver(record, webhook);
    };

    if (this.reorder > 0) {
      this.reorder -= 1;
      this.heldBack.push(deliverAll);
      return;
    }
    const overtaken = this.heldBack.splice(0);
    this.enqueue(webhook.orderingKey ?? "", async () => {
      await deliverAll();
      for (const deliverLate of overtaken) await deliverLate();
    });
  }

  /** Resolves when nothing is pending; webhooks still held back are sent first. */
  async idle(): Promise<void> {
    for (;;) {
      const held = this.heldBack.splice(0);
      if (held.length > 0) {
        this.enqueue("", async () => {
          for (const deliverLate of held) await deliverLate();
        });
      }
      const current = [...this.queues.values()];
      await Promise.all(current);
      const unchanged = [...this.queues.values()].every((queue, i) => queue === current[i]);
      if (unchanged && this.queues.size === current.length && this.heldBack.length === 0) return;
    }
  }

  /** Stops retries, waits and requests in flight; what was not delivered ends as failed. */
  async close(): Promise<void> {
    this.stop.abort();
    for (const cancel of this.timers) cancel();
    await this.idle();
  }

  private newRecord(url: string, webhook: OutgoingWebhook): DeliveryRecord {
    this.sequence += 1;
    const record: DeliveryRecord = {
      id: `${this.options.idPrefix}${this.sequence}`,
      eventId: webhook.eventId,
      type: webhook.type,
      url,
      status: "pending",
      attempts: 0,
      createdAt: new Date(this.options.clock()),
    };
    this.deliveries.push(record);
    return record;
  }

  private async deliver(record: DeliveryRecord, webhook: OutgoingWebhook): Promise<void> {
    while (record.attempts < this.retry.attempts && !this.stop.signal.aborted) {
      record.attempts += 1;
      record.lastAttemptAt = new Date(this.options.clock());
      try {
        const response = await fetch(record.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...webhook.headers(record) },
          body: webhook.body,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.retry.timeoutMs)]),
        });
        await response.arrayBuffer();
        record.responseStatus = response.status;
        record.error = undefined;
        if (response.ok) {
          record.status = "delivered";
          return;
        }
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      this.options.logger?.debug(
        { delivery: record.id, type: record.type, attempt: record.attempts, status: record.responseStatus },
        "sandbox webhook not accepted",
      );
      if (record.attempts < this.retry.attempts) await this.wait(this.delay(record.attempts));
    }
    record.status = "failed";
  }

  private delay(attempt: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
  }

  private wait(ms: number): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        this.timers.delete(cancel);
        resolve();
      };
      const timer = setTimeout(cancel, ms);
      this.timers.add(cancel);
    });
  }

  private enqueue(key: string, task: () => Promise<void>): void {
    const queue = (this.queues.get(key) ?? Promise.resolve()).then(task).catch((error: unknown) => {
      this.options.logger?.error({ err: error }, "sandbox webhook delivery crashed");
    });
    this.queues.set(key, queue);
    void queue.then(() => {
      if (this.queues.get(key) === queue) this.queues.delete(key);
    });
  }
}
