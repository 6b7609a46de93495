/**
 * bench:flow's world, on its own thread: the Telegram emulator, the Lumo simulator and the employees.
 * In production Telegram and the provider are other machines; here they share the process (and the
 * two cores) with the bot but not its event loop, so the bot's latencies and loop delay are its own.
 * The main thread (bench/flow.ts) runs the app and asks this thread to play; the messages are
 * in bench/flow-protocol.ts.
 */

import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { rng } from "../scripts/gen-sbp-photos.js";
import { buildSbpLink } from "../src/payment-codes/index.js";
import { PAYMENT_ID_PATTERN } from "../src/payments/ids.js";
import { encodeQrPng } from "../src/qr/encode.js";
import { startLumoSimulator } from "../src/sandbox/lumo/simulator.js";
import {
  type PhotoRendition,
  renderPhotoSizes,
  startTelegramEmulator,
  type UserHandle,
} from "../src/sandbox/telegram/index.js";
import { textOf, waitForBotMessage, waitForEdit } from "../test/support/telegram.js";
import {
  type BotMessage,
  processTime,
  type Timings,
  type WorldMessage,
  type WorldOptions,
} from "./flow-protocol.js";
import { watchLoopDelay } from "./loop-delay.js";

const WAIT = { timeoutMs: 60_000 };
const port = parentPort!;
const options = workerData as WorldOptions;
const send = (message: WorldMessage) => port.postMessage(message);

// Seeded: the same pauses on every run.
const random = rng(20261123);
const think = (scale = 1) =>
  options.thinkMs > 0
    ? new Promise((r) => setTimeout(r, options.thinkMs * scale * (0.5 + random())))
    : undefined;

const askedProviderIds = new Map<string, (providerId: string) => void>();
function providerIdOf(paymentId: string): Promise<string> {
  return new Promise((resolve) => {
    askedProviderIds.set(paymentId, resolve);
    send({ type: "providerId", paymentId });
  });
}

const tg = await startTelegramEmulator();
const lumo = await startLumoSimulator({
  ...options.lumo,
  settleDelayMs: null,
  initialBalance: { usdtMicro: 10_000_000_000_000 },
});

const WARMUP_PAYMENTS = 2;
// One unique QR per payment: each employee's photos, measured employees first.
const perEmployee = [
  ...Array.from({ length: options.chats }, () => options.payments),
  ...Array.from({ length: options.warmupChats }, () => WARMUP_PAYMENTS),
];
// Telegram renders a photo's sizes on its own servers: here that is done before the clock starts.
const photos: PhotoRendition[][] = [];
const totalPayments = perEmployee.reduce((a, b) => a + b, 0);
for (let i = 0; i < totalPayments; i++) {
  const qrcId = `BF${randomBytes(11).toString("hex").toUpperCase()}`;
  const link = buildSbpLink({
    qrcId,
    type: "02",
    bankId: "100000000111",
    sumMinor: 10_000 + i,
    currency: "RUB",
  });
  photos.push(await renderPhotoSizes(Buffer.from(await encodeQrPng(link, 640))));
}

const employees = perEmployee.map((payments, i) => ({
  user: tg.createUser({ first_name: `Сотрудник ${i + 1}`, language_code: "ru" }),
  photos: photos.splice(0, payments),
}));
const noTimings = (): Timings => ({
  photoToCard: [],
  sentToCard: [],
  payToPending: [],
  settledToFinal: [],
  finals: [],
});
const timings = noTimings();

async function employee(user: UserHandle, photos: PhotoRendition[][], timings: Timings, pace = 1) {
  await think(pace);
  for (const [n, sizes] of photos.entries()) {
    if (n > 0) await think(pace);
    let mark = tg.mark();
    const sent = performance.now();
    await user.sendPhoto(sizes.at(-1)!.bytes, { sizes });
    // Telegram has stored the photo and queued the update: from here on the time is the bot's.
    let started = performance.now();
    const status = await waitForBotMessage(tg, user, { since: mark, text: /🔎/, ...WAIT });
    const card = await waitForEdit(tg, user, status, (m) => /Оплата по QR/.test(textOf(m)), WAIT);
    timings.photoToCard.push(performance.now() - started);
    timings.sentToCard.push(performance.now() - sent);

    const id = new RegExp(PAYMENT_ID_PATTERN).exec(textOf(card))![0];
    await think(0.5 * pace);
    mark = tg.mark();
    started = performance.now();
    await user.pressButton(card, `pay:${id}`);
    await waitForEdit(tg, user, card, (m) => /Оплачиваем/.test(textOf(m)), WAIT);
    timings.payToPending.push(performance.now() - started);

    // Settle only once the provider has the payment in progress.
    await waitForEdit(tg, user, card, (m) => /проводит платёж/.test(textOf(m)), WAIT);
    const providerId = await providerIdOf(id);
    started = performance.now();
    lumo.controls.settle({ id: providerId });
    const delivery = lumo.state.deliveries.at(-1)!;
    await waitForEdit(tg, user, card, (m) => /✅ Оплачено/.test(textOf(m)), WAIT);
    timings.settledToFinal.push(performance.now() - started);
    timings.finals.push({ deliveryId: delivery.eventId, at: processTime() });
  }
}

port.on("message", async (message: BotMessage) => {
  switch (message.type) {
    case "warmup": {
      lumo.controls.setWebhookUrl({ url: message.webhookUrl });
      const warming = employees.slice(options.chats);
      await Promise.all(warming.map(({ user, photos }) => employee(user, photos, noTimings(), 0.1)));
      send({ type: "warm" });
      break;
    }
    case "start": {
      const loop = watchLoopDelay();
      const started = performance.now();
      await Promise.all(
        employees.slice(0, options.chats).map(({ user, photos }) => employee(user, photos, timings)),
      );
      send({
        type: "done",
        timings,
        seconds: (performance.now() - started) / 1000,
        loop: loop.stop(),
      });
      break;
    }
    case "providerId":
      askedProviderIds.get(message.paymentId)?.(message.providerId);
      askedProviderIds.delete(message.paymentId);
      break;
    case "close":
      await lumo.close();
      await tg.close();
      send({ type: "closed" });
      port.close();
      break;
  }
});

send({
  type: "ready",
  token: tg.token,
  apiRoot: tg.apiRoot,
  lumoUrl: lumo.url,
  users: employees.map(({ user }) => ({ id: user.id, name: user.user.first_name })),
});
