import http from "node:http";
import https from "node:https";
import type { Update } from "grammy/types";
import type { BotState, World } from "./state.js";
import { deliverable } from "./updates.js";

export interface WebhookOptions {
  /** First retry delay after a failed delivery; doubles up to `retryMaxMs`. Default 100 ms. */
  retryInitialMs?: number;
  /** Default 5 s. */
  retryMaxMs?: number;
  /** How long the bot's endpoint may take to answer. Default 10 s. */
  timeoutMs?: number;
}

/** A method the bot returned in its webhook response body (grammY's webhook reply). */
export type WebhookReply = (
  bot: BotState,
  method: string,
  params: Record<string, unknown>,
) => Promise<unknown>;

interface Delivery {
  ok: boolean;
  error?: string;
  body?: string;
}

/**
 * Posts each bot's queued updates to its webhook, one at a time and in order, retrying a failed one
 * with exponential backoff before moving on — Telegram's delivery contract.
 */
export class WebhookSender {
  private readonly loops = new Map<number, DeliveryLoop>();
  private readonly options: Required<WebhookOptions>;

  constructor(
    private readonly world: World,
    options: WebhookOptions,
    private readonly reply: WebhookReply,
  ) {
    this.options = {
      retryInitialMs: options.retryInitialMs ?? 100,
      retryMaxMs: options.retryMaxMs ?? 5_000,
      timeoutMs: options.timeoutMs ?? 10_000,
    };
  }

  /** Starts delivering for the bot (no-op when already running; a new URL is picked up on the next post). */
  start(bot: BotState): void {
    const running = this.loops.get(bot.id);
    if (running?.active) {
      running.wake();
      return;
    }
    const loop = new DeliveryLoop(this.world, bot, this.options, this.reply);
    this.loops.set(bot.id, loop);
    void loop.run().finally(() => {
      if (this.loops.get(bot.id) === loop) this.loops.delete(bot.id);
    });
  }

  stop(bot: BotState): void {
    this.loops.get(bot.id)?.stop();
    this.loops.delete(bot.id);
  }

  stopAll(): void {
    for (const loop of this.loops.values()) loop.stop();
    this.loops.clear();
  }
}

class DeliveryLoop {
  active = true;
  private readonly stopController = new AbortController();
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly world: World,
    private readonly bot: BotState,
    private readonly options: Required<WebhookOptions>,
    private readonly reply: WebhookReply,
  ) {}

  wake(): void {
    this.wakeUp?.();
  }

  stop(): void {
    this.active = false;
    this.stopController.abort();
    this.wake();
  }

  async run(): Promise<void> {
    const waker = () => this.wake();
    this.bot.wakers.add(waker);
    let delay = this.options.retryInitialMs;
    try {
      while (this.active && this.bot.webhook) {
        const update = deliverable(this.world, this.bot)[0];
        if (!update) {
          await this.pause();
          continue;
        }
        const hook = this.bot.webhook;
        const result = await this.post(hook.url, hook.secretToken, update);
        if (result.ok) {
          // Delivered, even if the webhook was deleted meanwhile: the bot has it.
          const index = this.bot.queue.findIndex((u) => u.update_id === update.update_id);
          if (index >= 0) this.bot.queue.splice(index, 1);
          hook.delivered++;
          delay = this.options.retryInitialMs;
          await this.runReply(result.body);
          continue;
        }
        if (!this.active) break;
        hook.lastErrorDate = this.world.unixNow();
        hook.lastErrorMessage = result.error;
        this.world.settings.logger?.debug(
          { botId: this.bot.id, updateId: update.update_id, error: result.error, retryInMs: delay },
          "telegram emulator: webhook delivery failed",
        );
        await this.pause(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs);
      }
    } finally {
      this.bot.wakers.delete(waker);
    }
  }

  /** Waits for a new update (or the backoff delay, when given), or for stop(). */
  private pause(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      // During a backoff only stop() may cut the wait short; a new update must not skip the delay.
      this.wakeUp = ms === undefined ? done : () => (this.active ? undefined : done());
    });
  }

  private async runReply(body: string | undefined): Promise<void> {
    if (!body) return;
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof payload !== "object" || payload === null) return;
    const { method, ...params } = payload as Record<string, unknown>;
    if (typeof method === "string" && method !== "") await this.reply(this.bot, method, params);
  }

  private post(url: string, secretToken: string | undefined, update: Update): Promise<Delivery> {
    const body = JSON.stringify(update);
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    if (secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = secretToken;
    return new Promise<Delivery>((resolve) => {
      const request = client.request(
        target,
        {
          method: "POST",
          headers,
          agent: false,
          signal: this.stopController.signal,
          timeout: this.options.timeoutMs,
          // Loopback only, where self-signed certificates are the norm.
          rejectUnauthorized: false,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (err) => resolve({ ok: false, error: err.message }));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300)
              resolve({ ok: true, body: Buffer.concat(chunks).toString("utf8") });
            else
              resolve({
                ok: false,
                error: `Wrong response from the webhook: ${status} ${response.statusMessage ?? ""}`.trim(),
              });
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error("Read timeout expired")));
      request.on("error", (err: NodeJS.ErrnoException) =>
        resolve({ ok: false, error: err.code === "ECONNREFUSED" ? "Connection refused" : err.message }),
      );
      request.end(body);
    });
  }
}
