import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { deleteByPrefix, REDIS_URL, type TestRedis, testRedis, uniquePrefix } from "../support/redis.js";
import { textOf, waitForBotMessage, waitForCall } from "../support/telegram.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  child: ChildProcess;
  output: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A command as an operator runs it, with only the environment we give it. */
function launch(command: string, args: string[], env: Record<string, string>): Run {
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = {
    child,
    output: [],
    stderr: [],
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.on("data", (d: Buffer) => run.output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => {
    run.output.push(d.toString());
    run.stderr.push(d.toString());
  });
  return run;
}

const SECRETS = {
  LUMO_API_KEY: "lumo-key-that-must-not-leak",
  LUMO_WEBHOOK_SECRET: "lumo-webhook-secret-that-must-not-leak",
};

describe("the bot as a process", () => {
  let tg: TelegramEmulator;
  let redis: TestRedis;
  const prefix = uniquePrefix("e2e-process");
  /** Each launch gets a fresh person, so a first /start is always a first /start. */
  let runs = 0;
  let env: Record<string, string>;

  beforeAll(async () => {
    tg = await startTelegramEmulator();
    redis = await testRedis("e2e-process-check");
    env = {
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LUMO_API_URL: "http://127.0.0.1:9",
      LOG_LEVEL: "debug",
      QR_THREADS: "1",
      ADMIN_IDS: "6001,6002",
      ...SECRETS,
    };
  });
  afterAll(async () => {
    await tg.close();
    await deleteByPrefix(redis.client, prefix);
    await redis.cleanup();
  });

  /** Waits until the bot is up, has a person talk to it, stops it with SIGTERM and checks the logs. */
  async function talkThenStop(launchIt: () => Run, startupMs: number) {
    const launched = tg.mark();
    const run = launchIt();
    let exit: Awaited<Run["exited"]>;
    try {
      // deleteWebhook is the bot's last call before it starts polling; updates sent now are queued.
      await waitForCall(tg, "deleteWebhook", { since: launched, timeoutMs: startupMs });
      const alice = tg.createUser({ id: 6001 + runs++, first_name: "Alice", language_code: "ru" });
      const mark = tg.mark();
      await alice.sendText("/start");
      expect(textOf(await waitForBotMessage(tg, alice, { since: mark, timeoutMs: 10_000 }))).toContain(
        "Здравствуйте",
      );
      run.child.kill("SIGTERM");
      exit = await run.exited;
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    }
    const output = run.output.join("");
    expect(output).toContain('"msg":"stopped"');
    for (const secret of [tg.token, ...Object.values(SECRETS)]) expect(output).not.toContain(secret);
    return exit;
  }

  it("npm start builds when needed, connects to the Bot API, answers and stops gracefully", async () => {
    // npm re-raises the signal on itself once the bot has exited, so the graceful stop is read
    // from the bot's own log ("stopped") rather than from npm's exit status.
    await talkThenStop(() => launch("npm", ["start", "--silent"], env), 90_000);
  }, 120_000);

  it("the built bot exits 0 on SIGTERM (what the container runs)", async () => {
    const exit = await talkThenStop(() => launch(process.execPath, ["dist/main.js"], env), 30_000);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("refuses a bad configuration, listing every problem at once, without echoing secrets", async () => {
    const run = launch(process.execPath, ["dist/main.js"], {
      BOT_TOKEN: "not-a-token-ZZLEAKZZ",
      HTTP_PORT: "eighty",
      BOT_MODE: "webhook",
      REDIS_URL: "localhost:6379",
      ARDOR_API_KEY: "sk_live_ZZLEAKZZ",
    });
    expect((await run.exited).code).toBe(1);
    const stderr = run.stderr.join("");
    for (const name of [
      "BOT_TOKEN",
      "HTTP_PORT",
      "REDIS_URL",
      "PUBLIC_URL",
      "TELEGRAM_WEBHOOK_SECRET",
      "ARDOR_API_URL",
      "ARDOR_WEBHOOK_SECRET",
    ]) {
      expect(stderr).toContain(name);
    }
    expect(run.output.join("")).not.toContain("ZZLEAKZZ");
  }, 30_000);
});
