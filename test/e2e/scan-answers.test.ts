import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeQrPng } from "../../src/qr/encode.js";
import type { ChatMessage, UserHandle } from "../../src/sandbox/telegram/index.js";
import { buttonsOf, textOf, waitForBotMessage, waitForEdit } from "../support/telegram.js";
import { qrPhoto, sbpLink, scan, startWorld, type World } from "../support/world.js";

/** Waits for the bot's answer to a message, following its status message through its edits. */
async function answerTo(world: World, user: UserHandle, send: () => Promise<unknown>, until: RegExp) {
  const mark = world.tg.mark();
  await send();
  const first = await waitForBotMessage(world.tg, user, { since: mark, timeoutMs: 10_000 });
  return waitForEdit(world.tg, user, first, (m: ChatMessage) => until.test(textOf(m)), { timeoutMs: 10_000 });
}

describe("what the bot answers to every kind of picture and text", () => {
  let world: World;
  let user: UserHandle;
  beforeAll(async () => {
    world = await startWorld({ name: "e2e-scan" });
    user = await world.member("Сканер");
  });
  afterAll(() => world.stop());

  it("a photo without a code: says so and how to retake it", async () => {
    const picture = await sharp({
      create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 180, b: 150 } },
    })
      .jpeg()
      .toBuffer();
    const answer = await answerTo(world, user, () => user.sendPhoto(picture), /Не нашёл QR-код/);
    expect(textOf(answer)).toContain("Снимите ближе");
    // The one way out offered: the live scanner (PUBLIC_URL is set in this world).
    expect(buttonsOf(answer).map((b) => b.text)).toEqual(["📷 Сканировать камерой"]);
  });

  it("a website QR: says it is a website, not a payment", async () => {
    const answer = await scan(world, user, "https://example.com/menu?table=4", {
      until: (m) => /сайта/.test(textOf(m)),
    });
    expect(textOf(answer)).toContain("Это QR-код сайта (example.com)");
  });

  it("plain text in a QR: shows it and says what is needed", async () => {
    const answer = await scan(world, user, "WIFI:S:Cafe;T:WPA;P:secret;;", {
      until: (m) => /текст/.test(textOf(m)),
    });
    expect(textOf(answer)).toContain("В этом QR-коде текст, а не платёж");
  });

  it("GOST requisites: shows them and explains they cannot be paid through SBP", async () => {
    const gost =
      "ST00012|Name=ООО «Ромашка»|PersonalAcc=40702810900000012345|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|Sum=150000|Purpose=Оплата по счёту 17";
    const answer = await scan(world, user, gost, { until: (m) => /ГОСТ/.test(textOf(m)) });
    const text = textOf(answer);
    expect(text).toContain("оплатить их через бота нельзя");
    expect(text).toContain("Получатель: ООО «Ромашка»");
    expect(text).toContain("Банк: ПАО Сбербанк");
    expect(text).toContain("БИК: 044525225");
    expect(text).toContain("Счёт: 40702810900000012345");
    expect(text).toContain("Назначение: Оплата по счёту 17");
    expect(text).toMatch(/Сумма: 1\u00a0500,00\u00a0₽/);
    expect(text).not.toMatch(/Name|BankName|PersonalAcc|PayeeINN|Sum:/);
  });

  it("GOST requisites in English: English labels, missing fields named in words, the sum as written in English", async () => {
    const tom = await world.member("Tom GOST", { language_code: "en" });
    const gost = "ST00012|Name=Romashka LLC|PersonalAcc=40702810900000012345|PayeeINN=7701234567|Sum=150000";
    const answer = await scan(world, tom, gost, { until: (m) => /GOST/.test(textOf(m)) });
    const text = textOf(answer);
    expect(text).toContain("Payee: Romashka LLC");
    expect(text).toContain("Payee INN: 7701234567");
    expect(text).toMatch(/Amount: 1,500\.00\u00a0₽/);
    expect(text).toContain("Missing fields: Bank, BIC, Correspondent account");
  });

  it("an SBP account-binding code (type 03) is not treated as a payment", async () => {
    const answer = await scan(world, user, sbpLink({ type: "03" }), {
      until: (m) => /привязки/.test(textOf(m)),
    });
    expect(textOf(answer)).toContain("нельзя оплатить");
  });

  it("a pasted or forwarded SBP link gets a quote card", async () => {
    const mark = world.tg.mark();
    await user.sendText(`Оплати, пожалуйста: ${sbpLink({ sumMinor: 25_000 })}`, {
      forwardFrom: { hiddenUserName: "Кассир" },
    });
    const status = await waitForBotMessage(world.tg, user, { since: mark });
    const card = await waitForEdit(world.tg, user, status, (m) => /Оплата по QR/.test(textOf(m)));
    expect(textOf(card)).toMatch(/Сумма: 250,00.₽/);
  });

  it("a picture sent as a file is read like a photo, byte for byte", async () => {
    const png = Buffer.from(await encodeQrPng(sbpLink({ sumMinor: 12_300 })));
    const card = await answerTo(
      world,
      user,
      () => user.sendDocument(png, { fileName: "qr.png", mimeType: "image/png" }),
      /Оплата по QR/,
    );
    expect(textOf(card)).toMatch(/Сумма: 123,00.₽/);
  });

  it("uses the largest photo size Telegram offers", async () => {
    const big = await sharp(await qrPhoto(sbpLink({ sumMinor: 100 })))
      .resize(3000, 3000)
      .jpeg()
      .toBuffer();
    const mark = world.tg.mark();
    const message = await user.sendPhoto(big);
    const status = await waitForBotMessage(world.tg, user, { since: mark });
    await waitForEdit(world.tg, user, status, (m) => /Оплата по QR/.test(textOf(m)), { timeoutMs: 10_000 });
    const largest = [...message.photo!].sort((a, b) => b.width * b.height - a.width * a.height)[0]!;
    expect(largest.width).toBeGreaterThan(1280);
    expect(world.tg.calls("getFile").at(-1)?.params).toMatchObject({ file_id: largest.file_id });
  });

  it("a 25 MB document: a clear answer, nothing downloaded", async () => {
    const calls = world.tg.calls("getFile").length;
    const mark = world.tg.mark();
    await user.sendDocument(Buffer.alloc(25 * 1024 * 1024, 1), {
      fileName: "scan.jpg",
      mimeType: "image/jpeg",
    });
    const answer = await waitForBotMessage(world.tg, user, { since: mark });
    expect(textOf(answer)).toContain("Файл слишком большой (25,0 МБ)");
    expect(world.tg.calls("getFile")).toHaveLength(calls);
  });

  it("a HEIC file and a PDF: each gets its own advice", async () => {
    let mark = world.tg.mark();
    await user.sendDocument(Buffer.from("ftypheic"), { fileName: "IMG_0001.HEIC", mimeType: "image/heic" });
    expect(textOf(await waitForBotMessage(world.tg, user, { since: mark }))).toContain(
      "HEIC не поддерживается",
    );
    mark = world.tg.mark();
    await user.sendDocument(Buffer.from("%PDF-1.4"), {
      fileName: "invoice.pdf",
      mimeType: "application/pdf",
    });
    expect(textOf(await waitForBotMessage(world.tg, user, { since: mark }))).toContain("Это не картинка");
  });

  it("a broken picture sent as a file: a clear answer, the bot keeps working", async () => {
    const broken = (
      await sharp({ create: { width: 400, height: 400, channels: 3, background: "#fff" } })
        .jpeg()
        .toBuffer()
    ).subarray(0, 300);
    const answer = await answerTo(
      world,
      user,
      () => user.sendDocument(broken, { fileName: "broken.jpg", mimeType: "image/jpeg" }),
      /Не получилось открыть картинку/,
    );
    expect(textOf(answer)).toBe(
      "🖼 Не получилось открыть картинку: файл повреждён или пуст. Пришлите её ещё раз как фото, а не файлом.",
    );
    const card = await scan(world, user, sbpLink({ sumMinor: 100 }));
    expect(textOf(card)).toContain("Оплата по QR");
  });

  it("an unknown command gets a short hint to /help; a command for another bot in a group is not ours", async () => {
    let mark = world.tg.mark();
    await user.sendText("/pay_everything");
    expect(textOf(await waitForBotMessage(world.tg, user, { since: mark }))).toBe(
      "🤔 Такой команды нет. Все команды — в /help.",
    );
    const group = world.tg.createGroup({ title: "Команды", members: [user] });
    await user.sendText("/weather@OtherBot", { chat: group });
    mark = world.tg.mark();
    await user.sendText("/help", { chat: group });
    const next = await waitForBotMessage(world.tg, group, { since: mark });
    expect(textOf(next)).toContain("Как оплатить");
    expect(world.tg.botMessages(group.id).filter((m) => textOf(m).includes("Такой команды нет"))).toEqual([]);
  });

  it("text without a link in a private chat gets a hint; in English for an English speaker", async () => {
    const tom = await world.member("Tom", { language_code: "en" });
    const mark = world.tg.mark();
    await tom.sendText("hello");
    expect(textOf(await waitForBotMessage(world.tg, tom, { since: mark }))).toContain(
      "Send a photo of an SBP QR code",
    );
  });
});
