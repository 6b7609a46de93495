/**
 * `npm run bench:flow` — many employees paying at once, in one process, through the real app:
 * the Telegram emulator, the Lumo simulator (instant), Redis, the QR worker pool.
 *
 *   npm run bench:flow -- [--chats 50] [--payments 5] [--think-ms 2000] [--webhooks 5000]
 *
 * Employees behave like people: they start at random moments, read the quote card before tapping
 * Pay and walk to the next till between payments (`--think-ms` on average, 0.5–1.5× at random,
 * seeded). `--think-ms 0` is a stress test instead: then every latency is mostly queueing, because
 * 50 chats acting with no pause keep both cores busy with the emulator, the simulator and the bot.
 *
 * Prints p50/p95 of photo → quote card (from the moment the emulator has the photo and queued the
 * update, and, for reference, from the moment the user sends it: the emulator then also renders
 * Telegram's photo sizes with sharp on the same two cores), Pay → ⏳ card, webhook → final card; the webhook
 * listener's throughput (verified events per second); the event-loop delay — each against its
 * target, and writes bench/results/flow.json.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { rng } from "../scripts/gen-sbp-photos.js";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { buildSbpLink } from "../src/payment-codes/index.js";
import { encodeQrPng } from "../src/qr/encode.js";
import { startLumoSimulator } from "../src/sandbox/lumo/simulator.js";
import { startTelegramEmulator, type UserHandle } from "../src/sandbox/telegram/index.js";
import { deleteByPrefix, REDIS_URL, testRedis, uniquePrefix } from "../test/support/redis.js";
import { textOf, waitForBotMessage, waitForEdit } from "../test/support/telegram.js";

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "50" },
    payments: { type: "string", default: "5" },
    webhooks: { type: "string", default: "5000" },
    "think-ms": { type: "string", default: "2000" },
  },
});
const CHATS = Number(values.chats);
const PAYMENTS = Number(values.payments);
const WEBHOOKS = Number(values.webhooks);
const THINK_MS = Number(values["think-ms"]);

// Seeded: the same pauses on every run.
const random = rng(20261123);
const think = (scale = 1) =>
  THINK_MS > 0 ? new Promise((r) => setTimeout(r, THINK_MS * scale * (0.5 + random()))) : undefined;

const LUMO_KEY = "bench-lumo-key";
const LUMO_SECRET = "bench-lumo-webhook-secret";
const WAIT = { timeoutMs: 60_000 };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const redis = await testRedis("bench-flow-check");
  const prefix = uniquePrefix("bench-flow");
  const tg = await startTelegramEmulator();
  const lumo = await startLumoSimulator({
    apiKey: LUMO_KEY,
    webhookSecret: LUMO_SECRET,
    settleDelayMs: null,
    initialBalance: { usdtMicro: 10_000_000_000_000 },
  });
  const config = parseConfig({
    BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LUMO_API_URL: lumo.url,
    LUMO_API_KEY: LUMO_KEY,
    LUMO_WEBHOOK_SECRET: LUMO_SECRET,
    // Webhooks, not polls, carry the final status in this measurement.
    WEBHOOK_GRACE_MS: "600000",
    QR_MAX_QUEUE: String(CHATS * 2),
  });
  const app = await createApp(config, createLogger({ level: "silent", format: "json", secrets: [] }));
  await app.start();
  lumo.controls.setWebhookUrl({ url: `${app.httpUrl}/webhooks/lumo` });

  process.stderr.write(`preparing ${CHATS * PAYMENTS} QR pictures…\n`);
  const photos: Buffer[] = [];
  for (let i = 0; i < CHATS * PAYMENTS; i++) {
    const qrcId = `BF${randomBytes(11).toString("hex").toUpperCase()}`;
    const link = buildSbpLink({
      qrcId,
      type: "02",
      bankId: "100000000111",
      sumMinor: 10_000 + i,
      currency: "RUB",
    });
    photos.push(Buffer.from(await encodeQrPng(link, 640)));
  }

  const photoToCard: number[] = [];
  const sentToCard: number[] = [];
  const payToPending: number[] = [];
  const webhookToFinal: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });

  async function employee(user: UserHandle, index: number) {
    await think();
    for (let n = 0; n < PAYMENTS; n++) {
      if (n > 0) await think();
      const photo = photos[index * PAYMENTS + n]!;
      let mark = tg.mark();
      const sent = performance.now();
      await user.sendPhoto(photo);
      // Telegram has stored the photo and queued the update: from here on the time is the bot's.
      let started = performance.now();
      const status = await waitForBotMessage(tg, user, { since: mark, text: /🔎/, ...WAIT });
      const card = await waitForEdit(tg, user, status, (m) => /Оплата по QR/.test(textOf(m)), WAIT);
      photoToCard.push(performance.now() - started);
      sentToCard.push(performance.now() - sent);

      const id = /P[0-9A-HJKMNP-TV-Z]{10}/.exec(textOf(card))![0];
      await think(0.5);
      mark = tg.mark();
      started = performance.now();
      await user.pressButton(card, `pay:${id}`);
      await waitForEdit(tg, user, card, (m) => /Оплачиваем/.test(textOf(m)), WAIT);
      payToPending.push(performance.now() - started);

      // Settle only once the provider has the payment in progress.
      await waitForEdit(tg, user, card, (m) => /проводит платёж/.test(textOf(m)), WAIT);
      const record = await app.service.store.get(id);
      started = performance.now();
      lumo.controls.settle({ id: record!.providerId });
      await waitForEdit(tg, user, card, (m) => /✅ Оплачено/.test(textOf(m)), WAIT);
      webhookToFinal.push(performance.now() - started);
    }
  }

  process.stderr.write(`${CHATS} employees × ${PAYMENTS} payments…\n`);
  const users = Array.from({ length: CHATS }, (_, i) =>
    tg.createUser({ first_name: `Сотрудник ${i + 1}`, language_code: "ru" }),
  );
  // Everyone is on the team, with limits that 250 small payments do not reach.
  for (const user of users) {
    await app.stores.people.put({
      id: user.id,
      name: user.user.first_name,
      role: "payer",
      addedAt: Date.now(),
    });
  }
  loop.enable();
  const flowStarted = performance.now();
  await Promise.all(users.map((user, i) => employee(user, i)));
  const flowSeconds = (performance.now() - flowStarted) / 1000;
  loop.disable();
  const flowLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };

  // The listener alone: signed deliveries, each verified, deduplicated and looked up in Redis.
  process.stderr.write(`${WEBHOOKS} signed webhooks…\n`);
  const bodies = Array.from({ length: WEBHOOKS }, () => {
    const body = JSON.stringify({
      event: "order.status_changed",
      orderId: randomUUID(),
      status: "success",
      amountUsdt: 1.05,
      amountRub: 100,
      completedAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
    });
    return {
      body,
      signature: createHmac("sha256", LUMO_SECRET).update(body).digest("hex"),
      id: randomUUID(),
    };
  });
  const load = new Worker(new URL("./webhook-load.mjs", import.meta.url), {
    workerData: {
      url: `${app.httpUrl}/webhooks/lumo`,
      concurrency: 64,
      requests: bodies.map((b) => ({
        body: b.body,
        headers: { "x-lumo-signature": b.signature, "x-lumo-delivery-id": b.id },
      })),
    },
  });
  const { ms, failures } = await new Promise<{ ms: number; failures: number }>((resolve, reject) => {
    load.once("message", resolve);
    load.once("error", reject);
  });
  const perSecond = WEBHOOKS / (ms / 1000);

  await app.stop();
  await lumo.close();
  await tg.close();
  await deleteByPrefix(redis.client, prefix);
  await redis.cleanup();

  const rows = [
    ["photo update → quote card", "p50", percentile(photoToCard, 50), "ms", undefined],
    ["photo update → quote card", "p95", percentile(photoToCard, 95), "ms", 300],
    ["photo sent → quote card (+ emulator)", "p50", percentile(sentToCard, 50), "ms", undefined],
    ["photo sent → quote card (+ emulator)", "p95", percentile(sentToCard, 95), "ms", undefined],
    ["Pay → ⏳ card", "p50", percentile(payToPending, 50), "ms", undefined],
    ["Pay → ⏳ card", "p95", percentile(payToPending, 95), "ms", undefined],
    ["webhook → final card", "p50", percentile(webhookToFinal, 50), "ms", undefined],
    ["webhook → final card", "p95", percentile(webhookToFinal, 95), "ms", 50],
    ["event-loop delay (flow)", "p99", flowLoop.p99, "ms", 20],
    ["event-loop delay (flow)", "max", flowLoop.max, "ms", undefined],
    ["webhook listener", "events/s", perSecond, "/s", -3000],
  ] as const;
  const lines = [
    `bench:flow — ${CHATS} chats × ${PAYMENTS} payments in ${round(flowSeconds)} s (${round((CHATS * PAYMENTS) / flowSeconds)} payments/s, think time ${THINK_MS} ms); ${WEBHOOKS} webhooks (${failures} not 200); ${cpus().length} CPUs`,
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
