import { Writable } from "node:stream";
import { type App, createApp } from "../../src/app.js";
import { type Config, parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { REDIS_URL } from "./redis.js";

export interface TestApp {
  app: App;
  config: Config;
  /** Every log line the app wrote (JSON), for assertions and for secret checks. */
  logs: string[];
  stop(): Promise<void>;
}

/** The whole app, wired exactly as main.ts wires it, pointed at the emulator and a test prefix. */
export async function startTestApp(options: {
  tg: TelegramEmulator;
  prefix: string;
  env?: Record<string, string | undefined>;
  logs?: string[];
}): Promise<TestApp> {
  const config = parseConfig({
    BOT_TOKEN: options.tg.token,
    TELEGRAM_API_ROOT: options.tg.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    REDIS_URL,
    REDIS_PREFIX: options.prefix,
    NODE_ENV: "test",
    QR_THREADS: "1",
    TIMER_TICK_MS: "50",
    SHUTDOWN_TIMEOUT_MS: "5000",
    ...options.env,
  });
  const logs = options.logs ?? [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "debug", format: "json", secrets: config.secrets, destination });
  const app = await createApp(config, logger);
  await app.start();
  return { app, config, logs, stop: () => app.stop() };
}
