import { existsSync } from "node:fs";
import { createApp } from "./app.js";
import { ConfigError, parseConfig } from "./config.js";
import { createLogger, type Logger } from "./logger.js";

// Wiring only: environment → config → logger → app (Redis, bot, listener) → signals.

function loadConfig() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
}

function exitAfterFlush(logger: Logger, code: number): void {
  logger.flush();
  setTimeout(() => process.exit(code), 50).unref();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.log.level,
    format: config.log.format,
    secrets: config.secrets,
  });
  process.on("unhandledRejection", (err) => {
    logger.fatal({ err }, "unhandled promise rejection");
    exitAfterFlush(logger, 1);
  });

  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, logger);
    await app.start();
  } catch (err) {
    logger.fatal({ err }, "could not start");
    exitAfterFlush(logger, 1);
    return;
  }

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) {
      logger.warn({ reason }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ reason }, "stopping");
    await app.stop();
    exitAfterFlush(logger, code);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));
  process.on("SIGINT", () => void shutdown("SIGINT", 0));
  void app.fatal.then(() => shutdown("polling failed", 1));
}

await main();
