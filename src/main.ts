import { existsSync } from "node:fs";
import { createApp } from "./app.js";
import { type Config, ConfigError, parseConfig } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { playgroundConfig } from "./playground/config.js";
import { startPlayground } from "./playground/runner.js";
import {
  type PlaygroundSettings,
  PlaygroundSettingsError,
  playgroundSettings,
} from "./playground/settings.js";

// Wiring only: environment → config → logger → the bot (Redis, bot, listener), or the playground
// when there is no bot token → signals.

function exitWithConfigError(message: string): never {
  process.stderr.write(`${message}\n\nSee .env.example for every variable.\n`);
  process.exit(1);
}

function loadSettings(): { config: Config; playground: PlaygroundSettings | undefined } {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    const playground = playgroundSettings(process.env);
    return { config: playground ? playgroundConfig(process.env) : parseConfig(process.env), playground };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PlaygroundSettingsError)
      exitWithConfigError(err.message);
    throw err;
  }
}

function exitAfterFlush(logger: Logger, code: number): void {
  logger.flush();
  setTimeout(() => process.exit(code), 50).unref();
}

interface Running {
  stop(): Promise<void>;
  /** Resolves when polling dies for good. */
  fatal: Promise<unknown>;
}

async function start(config: Config, logger: Logger, playground: PlaygroundSettings | undefined) {
  if (!playground) {
    const app = await createApp(config, logger);
    await app.start();
    return app;
  }
  const running = await startPlayground({ config, logger, ...playground });
  logger.info(
    { url: running.url, storage: running.storage },
    `playground is ready: open ${running.url} in a browser`,
  );
  return { stop: running.stop, fatal: running.app.fatal };
}

async function main(): Promise<void> {
  const { config, playground } = loadSettings();
  const logger = createLogger({
    level: config.log.level,
    format: config.log.format,
    secrets: config.secrets,
  });
  process.on("unhandledRejection", (err) => {
    logger.fatal({ err }, "unhandled promise rejection");
    exitAfterFlush(logger, 1);
  });

  let running: Running;
  try {
    running = await start(config, logger, playground);
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
    await running.stop();
    exitAfterFlush(logger, code);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));
  process.on("SIGINT", () => void shutdown("SIGINT", 0));
  void running.fatal.then(() => shutdown("polling failed", 1));
}

await main();
