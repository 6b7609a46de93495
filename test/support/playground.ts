import { Writable } from "node:stream";
import type { Config } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { playgroundConfig } from "../../src/playground/config.js";
import type { LiveEvent } from "../../src/playground/live.js";
import type { RichNode } from "../../src/playground/rich-text.js";
import { type Playground, startPlayground } from "../../src/playground/runner.js";
import type { ViewMessage } from "../../src/playground/view.js";
import { REDIS_URL } from "./redis.js";

export interface TestPlayground extends Playground {
  logs: string[];
  config: Config;
}

/**
 * The playground as `npm start` runs it, on a free port, with the logs captured. `prefix` moves
 * its Redis keys out of the way of a playground someone runs on this machine.
 */
export async function startTestPlayground(
  options: { storage?: "auto" | "memory"; prefix?: string } = {},
): Promise<TestPlayground> {
  const base = playgroundConfig({ NODE_ENV: "test", REDIS_URL, QR_THREADS: "1", TIMER_TICK_MS: "100" });
  const config = options.prefix ? { ...base, redis: { ...base.redis, prefix: options.prefix } } : base;
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "info", format: "json", secrets: config.secrets, destination });
  const playground = await startPlayground({
    config,
    logger,
    host: "127.0.0.1",
    port: 0,
    storage: options.storage ?? "memory",
  });
  return Object.assign(playground, { logs, config });
}

/** The page's own API calls: POSTs carry the header the server asks for. */
export function pageApi(base: string) {
  return {
    get: async <T = Record<string, unknown>>(path: string): Promise<T> => {
      const response = await fetch(`${base}${path}`);
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: (path: string, body?: unknown, init: { headers?: Record<string, string>; raw?: Buffer } = {}) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "x-playground": "1",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      }),
  };
}

export interface PageState {
  run: string;
  seq: number;
  storage: "redis" | "memory";
  people: { key: string; id: number; label: string }[];
  samples: { id: string; title: string }[];
  providers: {
    name: string;
    balance: string;
    balanceInput: string;
    unit: string;
    failuresPlanned: number;
    down: boolean;
  }[];
  chats: Record<string, ViewMessage[]>;
}

/** A message's text as the page shows it, without the formatting. */
export function plain(nodes: readonly RichNode[]): string {
  return nodes.map((n) => (typeof n === "string" ? n : plain(n.children))).join("");
}

/**
 * The page's live feed (Server-Sent Events) read with fetch, as the browser's EventSource would:
 * every event is kept, and `next` resolves with the first one (already seen or still to come)
 * that matches.
 */
export async function openFeed(base: string, from: { run: string; seq: number }) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events?run=${from.run}&since=${from.seq}`, {
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`the live feed answered ${response.status}`);
  const events: LiveEvent[] = [];
  const listeners = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .filter((line) => line.startsWith("data: "))
            .map((line) => line.slice(6))
            .join("\n");
          buffer = buffer.slice(end + 2);
          if (data) events.push(JSON.parse(data) as LiveEvent);
          for (const listener of listeners) listener();
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Aborted by close().
    }
  })();

  function next<T extends LiveEvent>(
    match: (event: LiveEvent) => event is T,
    what: string,
    timeoutMs = 10_000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (!found) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no ${what} within ${timeoutMs} ms; got: ${JSON.stringify(events).slice(-2000)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  return {
    events,
    /** The first message (new or edited) of `person` that matches. */
    message(person: string, match: (m: ViewMessage) => boolean, what: string, timeoutMs?: number) {
      return next(
        (e): e is Extract<LiveEvent, { type: "message" }> =>
          e.type === "message" && e.person === person && match(e.message),
        what,
        timeoutMs,
      ).then((e) => e.message);
    },
    toast(person: string, what: string) {
      return next(
        (e): e is Extract<LiveEvent, { type: "toast" }> => e.type === "toast" && e.person === person,
        what,
      );
    },
    close: () => controller.abort(),
  };
}

export type Feed = Awaited<ReturnType<typeof openFeed>>;
