/**
 * `npm run bench:flow` — many employees paying at once, in one process, through the real app:
 * the Telegram emulator, the Lumo simulator (instant), Redis, the QR worker pool.
 *
 *   npm run bench:flow -- [--chats 50] [--payments 5] [--think-ms 2000] [--webhooks 5000]
 *                         [--warmup-chats 10]
 *
 * The bot runs on the main thread; Telegram, Lumo and the employees run on a worker thread of the same
 * process (bench/flow-world.ts). In production those are other machines: sharing the bot's event loop
 * would put their work into every number measured here. They still share the two cores, except for
 * the heaviest part of Telegram's work, rendering each photo's sizes, which is done before the clock
 * starts.
 *
 * Employees behave like people: they start at random moments, read the quote card before tapping
 * Pay and walk to the next till between payments (`--think-ms` on average, 0.5–1.5× at random,
 * seeded). `--think-ms 0` is a stress test instead: then every latency is mostly queueing, because
 * 50 chats acting with no pause keep both cores busy with the emulator, the simulator and the bot.
 *
 * Prints p50/p95 of photo → quote card (from the moment the emulator has the photo and queued the
 * update, and, for reference, from the moment the user sends it), Pay → ⏳ card, webhook received (by the
 * bot's HTTP server) → final card (and, for reference, from the simulator settling the order, its
 * signing and sending included); the webhook listener's throughput (verified events per second); the
 * bot's event-loop delay — each against its target — and writes bench/results/flow.json. Before the
 * measurement, `--warmup-chats` employees pay twice each, unmeasured: a fresh process compiles its
 * code, opens its connections and starts its threads on the first payments, once per deploy.
 */
import { randomUUID } from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { threadModule } from "../src/lib/thread-module.js";
import { createLogger } from "../src/logger.js";
import { signLumoWebhook } from "../src/providers/lumo/webhook.js";
import { deleteByPrefix, REDIS_URL, testRedis, uniquePrefix } from "../test/support/redis.js";
import { type BotMessage, processTime, type WorldMessage, type WorldOptions } from "./flow-protocol.js";
import { watchLoopDelay } from "./loop-delay.js";

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "50" },
    payments: { type: "string", default: "5" },
    webhooks: { type: "string", default: "5000" },
    "think-ms": { type: "string", default: "2000" },
    "warmup-chats": { type: "string", default: "10" },
  },
});
const CHATS = Number(values.chats);
const PAYMENTS = Number(values.payments);
const WEBHOOKS = Number(values.webhooks);
/** Deliveries sent before the listener's clock starts. */
const WEBHOOK_WARMUP = 1_000;
const THINK_MS = Number(values["think-ms"]);
const WARMUP_CHATS = Number(values["warmup-chats"]);

const LUMO_KEY = "bench-lumo-key";
const LUMO_SECRET = "bench-lumo-webhook-secret";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * When each Lumo webhook reached the bot's HTTP server (headers parsed), by delivery id: Node's
 * `http.server.request.start` diagnostics channel, so the app is measured without being changed.
 */
function watchWebhooksReceived() {
  const at = new Map<string, number>();
  const onStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const id = request.headers["x-lumo-delivery-id"];
    if (typeof id === "string") at.set(id, processTime());
  };
  diagnostics.subscribe("http.server.request.start", onStart);
  return { at, unsubscribe: () => diagnostics.unsubscribe("http.server.request.start", onStart) };
}

/** The next message of `type` from the world thread. */
function next<T extends WorldMessage["type"]>(
  world: Worker,
  type: T,
): Promise<Extract<WorldMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorldMessage) => {
      if (message.type !== type) return;
      world.off("message", onMessage);
      world.off("error", reject);
      resolve(message as Extract<WorldMessage, { type: T }>);
    };
    world.on("message", onMessage);
    world.once("error", reject);
  });
}

async function main() {
  const redis = await testRedis("bench-flow-check");
  const prefix = uniquePrefix("bench-flow");
  process.stderr.write(`preparing ${CHATS * PAYMENTS} QR pictures…\n`);
  const worldOptions: WorldOptions = {
    chats: CHATS,
    payments: PAYMENTS,
    thinkMs: THINK_MS,
    warmupChats: WARMUP_CHATS,
    lumo: { apiKey: LUMO_KEY, webhookSecret: LUMO_SECRET },
  };
  const { filename, execArgv } = threadModule(import.meta.url, "flow-world");
  const world = new Worker(new URL(filename), { execArgv, workerData: worldOptions });
  const tell = (message: BotMessage) => world.postMessage(message);
  const ready = await next(world, "ready");

  const config = parseConfig({
    BOT_TOKEN: ready.token,
    TELEGRAM_API_ROOT: ready.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LUMO_API_URL: ready.lumoUrl,
    LUMO_API_KEY: LUMO_KEY,
    LUMO_WEBHOOK_SECRET: LUMO_SECRET,
    // Webhooks, not polls, carry the final status in this measurement.
    WEBHOOK_GRACE_MS: "600000",
    QR_MAX_QUEUE: String(CHATS * 2),
  });
  const app = await createApp(config, createLogger({ level: "silent", format: "json", secrets: [] }));
  await app.start();
  // Everyone is on the team, with limits that 250 small payments do not reach.
  for (const user of ready.users) {
    await app.stores.people.put({ id: user.id, name: user.name, role: "payer", addedAt: Date.now() });
  }
  // The world asks which Lumo order a payment is, to settle it (outside the measured time).
  world.on("message", async (message: WorldMessage) => {
    if (message.type !== "providerId") return;
    const record = await app.stores.payments.get(message.paymentId);
    tell({ type: "providerId", paymentId: message.paymentId, providerId: record!.providerId });
  });

  process.stderr.write(`warming up: ${WARMUP_CHATS} employees × 2 payments, not measured…\n`);
  const warm = next(world, "warm");
  tell({ type: "warmup", webhookUrl: `${app.httpUrl}/webhooks/lumo` });
  await warm;

  process.stderr.write(`${CHATS} employees × ${PAYMENTS} payments…\n`);
  const loop = watchLoopDelay();
  const received = watchWebhooksReceived();
  const done = next(world, "done");
  tell({ type: "start" });
  const { timings, seconds: flowSeconds, loop: worldLoop } = await done;
  const flowLoop = loop.stop();
  received.unsubscribe();
  const { photoToCard, sentToCard, payToPending, settledToFinal } = timings;
  const webhookToFinal = timings.finals.flatMap(({ deliveryId, at }) => {
    const receivedAt = received.at.get(deliveryId);
    return receivedAt === undefined ? [] : [at - receivedAt];
  });

  // The listener alone: signed deliveries, each verified, deduplicated and looked up in Redis.
  process.stderr.write(`${WEBHOOK_WARMUP} + ${WEBHOOKS} signed webhooks…\n`);
  const bodies = Array.from({ length: WEBHOOK_WARMUP + WEBHOOKS }, () => {
    const body = JSON.stringify({
      event: "order.status_changed",
      orderId: randomUUID(),
      status: "success",
      amountUsdt: 1.05,
      amountRub: 100,
      completedAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
    });
    return { body, headers: signLumoWebhook(body, LUMO_SECRET, { deliveryId: randomUUID() }) };
  });
  const load = new Worker(new URL("./webhook-load.mjs", import.meta.url), {
    workerData: {
      url: `${app.httpUrl}/webhooks/lumo`,
      concurrency: 64,
      warmup: WEBHOOK_WARMUP,
      requests: bodies,
    },
  });
  const { ms, failures } = await new Promise<{ ms: number; failures: number }>((resolve, reject) => {
    load.once("message", resolve);
    load.once("error", reject);
  });
  const perSecond = WEBHOOKS / (ms / 1000);

  await app.stop();
  const closed = next(world, "closed");
  tell({ type: "close" });
  await closed;
  await deleteByPrefix(redis.client, prefix);
  await redis.cleanup();

  const rows = [
    ["photo update → quote card", "p50", percentile(photoToCard, 50), "ms", undefined],
    ["photo update → quote card", "p95", percentile(photoToCard, 95), "ms", 300],
    ["photo sent → quote card", "p50", percentile(sentToCard, 50), "ms", undefined],
    ["photo sent → quote card", "p95", percentile(sentToCard, 95), "ms", undefined],
    ["Pay → ⏳ card", "p50", percentile(payToPending, 50), "ms", undefined],
    ["Pay → ⏳ card", "p95", percentile(payToPending, 95), "ms", undefined],
    ["webhook received → final card", "p50", percentile(webhookToFinal, 50), "ms", undefined],
    ["webhook received → final card", "p95", percentile(webhookToFinal, 95), "ms", 50],
    ["order settled → final card (+ simulator)", "p50", percentile(settledToFinal, 50), "ms", undefined],
    ["order settled → final card (+ simulator)", "p95", percentile(settledToFinal, 95), "ms", undefined],
    ["bot's event-loop delay (flow)", "p99", flowLoop.p99, "ms", 20],
    ["bot's event-loop delay (flow)", "max", flowLoop.max, "ms", undefined],
    ["world thread's loop delay", "p99", worldLoop.p99, "ms", undefined],
    ["webhook listener", "events/s", perSecond, "/s", -3000],
  ] as const;
  const lines = [
    `bench:flow — ${CHATS} chats × ${PAYMENTS} payments in ${round(flowSeconds)} s (${round((CHATS * PAYMENTS) / flowSeconds)} payments/s, think time ${THINK_MS} ms, after ${WARMUP_CHATS} × 2 unmeasured warm-up payments; ${webhookToFinal.length} of ${timings.finals.length} final webhooks timed); ${WEBHOOKS} webhooks after ${WEBHOOK_WARMUP} untimed (${failures} not 200); ${cpus().length} CPUs`,
    "",
    "| measure | stat | value | target | ok |",
    "|---|---|---|---|---|",
    ...rows.map(([measure, stat, value, unit, target]) => {
      const ok = target === undefined ? "" : target < 0 ? value >= -target : value <= target;
      const shownTarget =
        target === undefined ? "" : target < 0 ? `≥ ${-target}${unit}` : `≤ ${target} ${unit}`;
      return `| ${measure} | ${stat} | ${round(value)} ${unit} | ${shownTarget} | ${ok === "" ? "" : ok ? "✅" : "❌"} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  writeFileSync(
    new URL("./results/flow.json", import.meta.url),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        chats: CHATS,
        payments: PAYMENTS,
        thinkMs: THINK_MS,
        warmupChats: WARMUP_CHATS,
        paymentsPerSecond: round((CHATS * PAYMENTS) / flowSeconds),
        webhooks: WEBHOOKS,
        failures,
        rows: rows.map(([measure, stat, value, unit, target]) => ({
          measure,
          stat,
          value: round(value),
          unit,
          target,
        })),
      },
      null,
      2,
    )}\n`,
  );
}

await main();
