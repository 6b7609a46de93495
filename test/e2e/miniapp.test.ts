import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInitData, type UserHandle, type WebAppLaunch } from "../../src/sandbox/telegram/index.js";
import { buttonsOf, textOf, waitForBotMessage, waitForEdit } from "../support/telegram.js";
import { messagesSince, sbpLink, startWorld, type World } from "../support/world.js";

/** Never contacted: the buttons only carry it. https, as Telegram wants. */
const PUBLIC_URL = "https://127.0.0.1:8443";
const SCANNER = `${PUBLIC_URL}/app/scan`;

const isCard = (text: string) => /Оплата по QR/.test(text);

describe("the Mini App scanner over HTTP", () => {
  let world: World;
  let payer: UserHandle;

  beforeAll(async () => {
    world = await startWorld({ name: "e2e-miniapp", env: { PUBLIC_URL } });
    payer = await world.member("Кассир");
  });
  afterAll(() => world.stop());

  const post = (body: unknown) =>
    fetch(`${world.app.app.httpUrl}/app/scan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  /** Waits for the bot's status message after `mark` and follows it to the card. */
  async function cardAfter(user: UserHandle, mark: number) {
    const status = await waitForBotMessage(world.tg, user, { since: mark, text: "🔎", timeoutMs: 10_000 });
    return waitForEdit(world.tg, user, status, (m) => isCard(textOf(m)), { timeoutMs: 10_000 });
  }

  async function openFromMenu(user: UserHandle): Promise<WebAppLaunch> {
    return user.openWebApp({ menu: true });
  }

  it("serves the page with a strict CSP and nothing of the company in it", async () => {
    const response = await fetch(`${world.app.app.httpUrl}/app/scan?via=keyboard&lang=ru`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self' https://telegram.org");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<script src="https://telegram.org/js/telegram-web-app.js"></script>');
    expect(html).toContain("Наведите камеру на QR-код оплаты");
    expect(html).toContain("Point the camera at the payment QR code");
    expect(html).not.toMatch(/баланс|balance|Lumo|Ardor|Кассир/i);
    for (const asset of ["scan.js", "scan.css"]) {
      const part = await fetch(`${world.app.app.httpUrl}/app/${asset}`);
      expect(part.status).toBe(200);
      expect(part.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect((await fetch(`${world.app.app.httpUrl}/app/scan.map`)).status).toBe(404);
  });

  it("sets the chat menu button to the scanner, and /start shows the «📷 Сканировать» keyboard button", async () => {
    expect(world.tg.menuButton()).toEqual({
      type: "web_app",
      text: "📷 Сканировать",
      web_app: { url: SCANNER },
    });
    const mark = world.tg.mark();
    await payer.sendText("/start");
    const greeting = await waitForBotMessage(world.tg, payer, { since: mark });
    expect(textOf(greeting)).toContain("Сканировать");
    expect(world.tg.replyKeyboard(payer)?.keyboard).toEqual([
      [{ text: "📷 Сканировать", web_app: { url: `${SCANNER}?via=keyboard&lang=ru` } }],
    ]);
  });

  it("keyboard path: the scanner's sendData arrives as web_app_data and becomes the quote card", async () => {
    const launch = payer.openWebApp({ keyboard: "📷 Сканировать" });
    expect(launch.initData).toBe("");
    const mark = world.tg.mark();
    await launch.sendData(sbpLink({ sumMinor: 31_500 }));
    const card = await cardAfter(payer, mark);
    expect(textOf(card)).toMatch(/Сумма: 315,00.₽/);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Оплатить/)]),
    );
  });

  it("keyboard path: a website's code is answered as from a photo, with no card", async () => {
    const mark = world.tg.mark();
    await payer.openWebApp({ keyboard: "📷 Сканировать" }).sendData("https://example.com/menu");
    const status = await waitForBotMessage(world.tg, payer, { since: mark });
    const answer = await waitForEdit(world.tg, payer, status, (m) => /сайта/.test(textOf(m)));
    expect(textOf(answer)).toContain("example.com");
  });

  it("menu path: a POST with the launch's initData brings the card into the private chat", async () => {
    const launch = await openFromMenu(payer);
    const mark = world.tg.mark();
    const response = await post({ initData: launch.initData, text: sbpLink({ sumMinor: 12_000 }) });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ result: "scanning" });
    const card = await cardAfter(payer, mark);
    expect(textOf(card)).toMatch(/Сумма: 120,00.₽/);
    // Pay is the same button with the same limits as a photo's card.
    expect(buttonsOf(card).some((b) => /Оплатить/.test(b.text))).toBe(true);
  });

  it("refuses a replayed initData with 401 and makes no second card", async () => {
    const launch = await openFromMenu(payer);
    const link = sbpLink({ sumMinor: 5_000 });
    const mark = world.tg.mark();
    expect((await post({ initData: launch.initData, text: link })).status).toBe(202);
    await cardAfter(payer, mark);
    const afterFirst = world.tg.mark();
    const again = await post({ initData: launch.initData, text: link });
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect((await post({ initData: launch.initData, text: sbpLink() })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messagesSince(world, payer.id, afterFirst)).toEqual([]);
  });

  it("refuses forged, foreign, stale and incomplete initData with 401 and nothing else", async () => {
    const launch = await openFromMenu(payer);
    const fields = Object.fromEntries(new URLSearchParams(launch.initData));
    const { hash: _hash, ...signed } = fields;
    const otherUser = new URLSearchParams(launch.initData);
    otherUser.set("user", JSON.stringify({ id: world.admin.id, first_name: "Админ" }));
    const otherBot = signInitData("1234567:AAanother-bots-token-0123456789", signed);
    const stale = payer.openWebApp({ menu: true }, { signedSecondsAgo: 3 * 3600 }).initData;
    const { user: _user, ...withoutUser } = signed;
    const noUser = signInitData(world.tg.token, withoutUser);

    const mark = world.tg.mark();
    for (const initData of [otherUser.toString(), otherBot, stale, noUser, "", undefined, "query_id=1"]) {
      const response = await post({ initData, text: sbpLink() });
      expect(response.status, String(initData).slice(0, 40)).toBe(401);
    }
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ initData: launch.initData })).status).toBe(400);
    expect((await post({ initData: launch.initData, text: "x".repeat(5000) })).status).toBe(400);
    expect((await fetch(`${world.app.app.httpUrl}/app/scan`, { method: "PUT" })).status).toBe(405);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messagesSince(world, payer.id, mark)).toEqual([]);
    expect(messagesSince(world, world.admin.id, mark)).toEqual([]);
    // The refused body-less checks did not use the launch up: it still works once.
    expect((await post({ initData: launch.initData, text: sbpLink() })).status).toBe(202);
  });

  it("gives a stranger's valid initData the access gate's refusal in their chat, and a viewer the viewer's", async () => {
    const stranger = world.tg.createUser({ first_name: "Чужой", language_code: "ru" });
    await stranger.sendText("/start");
    await waitForBotMessage(world.tg, stranger, { text: "Ваш Telegram ID" });
    const mark = world.tg.mark();
    const refused = await post({ initData: (await openFromMenu(stranger)).initData, text: sbpLink() });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ result: "stranger" });
    const refusal = await waitForBotMessage(world.tg, stranger, { since: mark });
    expect(textOf(refusal)).toContain(`Ваш Telegram ID: ${stranger.id}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messagesSince(world, stranger.id, mark)).toHaveLength(1);

    const viewer = await world.member("Бухгалтер", { role: "viewer" });
    await viewer.sendText("/start");
    await waitForBotMessage(world.tg, viewer);
    const viewerMark = world.tg.mark();
    const asViewer = await post({ initData: (await openFromMenu(viewer)).initData, text: sbpLink() });
    expect(asViewer.status).toBe(403);
    const answer = await waitForBotMessage(world.tg, viewer, { since: viewerMark });
    expect(textOf(answer)).toContain("наблюдатель");
  });

  it("offers the scanner under /help and under «no code found», in private chats", async () => {
    let mark = world.tg.mark();
    await payer.sendText("/help");
    const help = await waitForBotMessage(world.tg, payer, { since: mark });
    const launch = payer.openWebApp({ message: help, button: "📷 Сканировать камерой" });
    expect(launch.url).toBe(`${SCANNER}?lang=ru`);
    mark = world.tg.mark();
    expect((await post({ initData: launch.initData, text: sbpLink({ sumMinor: 7_700 }) })).status).toBe(202);
    expect(textOf(await cardAfter(payer, mark))).toMatch(/Сумма: 77,00.₽/);

    const blank = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 180, b: 150 } },
    })
      .jpeg()
      .toBuffer();
    mark = world.tg.mark();
    await payer.sendPhoto(blank);
    const status = await waitForBotMessage(world.tg, payer, { since: mark, timeoutMs: 10_000 });
    const noCode = await waitForEdit(world.tg, payer, status, (m) => /Не нашёл QR-код/.test(textOf(m)), {
      timeoutMs: 10_000,
    });
    expect(noCode.replyMarkup).toEqual({
      inline_keyboard: [[{ text: "📷 Сканировать камерой", web_app: { url: `${SCANNER}?lang=ru` } }]],
    });
  });

  it("without PUBLIC_URL shows no scanner buttons and takes back the menu button it had set", async () => {
    await world.stopApp();
    // Taking money in and the exchanger need PUBLIC_URL too: without it, they are off.
    await world.startApp({
      PUBLIC_URL: "",
      MERIDIAN_API_KEY: "",
      MERCHANT_API_KEY: "",
      LINCOLN_API_URL: "",
      LINCOLN_PARTNER: "",
      LINCOLN_ROUTE_LUMO: "",
      LINCOLN_ROUTE_ARDOR: "",
    });
    expect(world.tg.menuButton()).toEqual({ type: "commands" });
    const mark = world.tg.mark();
    await payer.sendText("/help");
    const help = await waitForBotMessage(world.tg, payer, { since: mark });
    expect(help.replyMarkup).toBeUndefined();
    expect(textOf(help)).not.toContain("Сканировать");
  });
});
