import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../../src/logger.js";
import type { ProviderDeps } from "../../../src/providers/deps.js";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The status the receiver answered with. */
  answered: number;
}

/** A tiny local HTTP endpoint that records every webhook it gets. */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answered = statuses.shift() ?? 200;
      received.push({ headers: req.headers, body: Buffer.concat(chunks), answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    /** Only the webhooks answered 2xx, as the bot would have processed them. */
    accepted: () => received.filter((r) => r.answered < 300),
    /** The next answers, in order; 200 after they run out. */
    answerNext(...codes: number[]) {
      statuses.push(...codes);
    },
    clear() {
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

export const silentLogger = createLogger({ level: "silent", format: "json", secrets: [] });

/** A debug logger whose lines are kept, to check what would have been written. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", format: "json", secrets: [], destination }), lines };
}

/**
 * Client dependencies for tests: short timeouts, and a sleep that records the delays it was asked
 * for and returns at once, so retries and Retry-After are checked without waiting.
 */
export function fastDeps(extra: ProviderDeps = {}): ProviderDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    logger: silentLogger,
    ...extra,
    http: {
      timeoutMs: 2_000,
      maxAttempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...extra.http,
    },
    sleeps,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export const LUMO_QR =
  "https://qr.nspk.ru/AS10003P3RCT8NTGH6LR6D3P815L3SHK?type=02&bank=100000000001&sum=500000&cur=RUB&crc=F4AB";
export const STATIC_QR =
  "https://qr.nspk.ru/AS1000670LSS7DN18SJQDNP4B05KLJL2?type=01&bank=100000000111&crc=C08B";

export function sbpLink(sumKopecks: number, bank = "100000000111"): string {
  return `https://qr.nspk.ru/BD10007H1Q0S2ADL9S2PJ4UOQP8G5RSQ?type=02&bank=${bank}&sum=${sumKopecks}&cur=RUB&crc=1234`;
}
