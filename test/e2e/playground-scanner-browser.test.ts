import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSbpLink } from "../../src/payment-codes/index.js";
import { encodeQrPng } from "../../src/qr/encode.js";
import { launchChromium } from "../support/browser.js";
import { startTestPlayground, type TestPlayground } from "../support/playground.js";

const WIDTH = 320;
const HEIGHT = 240;

/** The code the fake camera films: an SBP link for 2 222,00 ₽. */
const CAMERA_CODE = buildSbpLink({
  qrcId: "AD30008N7MJ4S5VNQR2DTXE6JC9Z7G3L",
  type: "02",
  bankId: "100000000111",
  sumMinor: 222_200,
  currency: "RUB",
});

/**
 * A few frames of Chromium's fake camera (--use-file-for-fake-video-capture): a Y4M video, 320×240,
 * 4:2:0, of a QR code on white. Grey chroma, so the luma plane is the picture.
 */
async function fakeCameraVideo(text: string, file: string): Promise<void> {
  const qr = await sharp(await encodeQrPng(text, 200))
    .resize(200, 200, { kernel: "nearest" })
    .png()
    .toBuffer();
  const luma = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: "#ffffff" } })
    .composite([{ input: qr, left: (WIDTH - 200) / 2, top: (HEIGHT - 200) / 2 }])
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // greyscale().raw() may still hand out 3 channels: take one.
  const y = Buffer.alloc(WIDTH * HEIGHT);
  for (let i = 0; i < y.length; i++) y[i] = luma.data[i * luma.info.channels]!;
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const frames: Buffer[] = [];
  for (let i = 0; i < 5; i++) frames.push(Buffer.from("FRAME\n"), y, chroma, chroma);
  writeFileSync(file, Buffer.concat([header, ...frames]));
}

describe("the Mini App scanner in the playground, in a browser with a fake camera", () => {
  let pg: TestPlayground;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qrpay-camera-"));
    const video = join(dir, "camera.y4m");
    await fakeCameraVideo(CAMERA_CODE, video);
    pg = await startTestPlayground({ storage: "memory" });
    browser = await launchChromium([
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: "ru-RU" });
    await context.grantPermissions(["camera"], { origin: pg.url });
    page = await context.newPage();
    await page.goto(pg.url);
    await page.locator("body[data-ready=true]").waitFor();
    await page.locator('.person[data-person="payer"]').click();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cardWith = (amount: RegExp) =>
    page
      .locator(".msg.bot")
      .filter({ hasText: "Оплата по QR" })
      .filter({ hasText: amount })
      .filter({ has: page.locator(".key", { hasText: "Оплатить" }) });

  it("«📷 Сканировать» opens the scanner, the camera reads the code and the quote card appears", async () => {
    const key = page.locator('.reply-key[data-web-app="true"]', { hasText: "📷 Сканировать" });
    await key.waitFor({ timeout: 10_000 });
    await key.click();
    // The camera reads the code at once, so the panel may already be closed again: its count stays.
    await page.locator('body[data-miniapp-opened="1"]').waitFor({ state: "attached", timeout: 10_000 });
    // Read, sent with sendData (the chat shows Telegram's service message), the panel closed.
    await page.locator(".msg.user", { hasText: "переданы боту" }).waitFor({ timeout: 15_000 });
    await page.locator("#miniapp[hidden]").waitFor({ state: "attached", timeout: 15_000 });
    const card = cardWith(/2\s222,00/);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain("Оплата по QR");
  }, 60_000);

  it("the menu button's scanner reads the camera too, and POSTs the code: a second card", async () => {
    await page.locator("#menu-button:not([hidden])", { hasText: "Сканировать" }).click();
    await page.locator('body[data-miniapp-opened="2"]').waitFor({ state: "attached", timeout: 10_000 });
    await expect.poll(() => cardWith(/2\s222,00/).count(), { timeout: 15_000 }).toBe(2);
  }, 60_000);

  it("without a camera, pictures: a website's code keeps the scanner open with a note, an SBP one brings the card", async () => {
    // Another browser window where the camera was not allowed.
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: "ru-RU" });
    page = await context.newPage();
    await page.goto(pg.url);
    await page.locator("body[data-ready=true]").waitFor();
    await page.locator('.person[data-person="payer"]').click();
    await page.locator("#menu-button:not([hidden])", { hasText: "Сканировать" }).click();
    await page.locator("#miniapp:not([hidden])").waitFor();
    await page.locator('#miniapp-frame[src*="/app/scan"]').waitFor({ state: "attached" });
    const frame = await (await page.locator("#miniapp-frame").elementHandle())!.contentFrame();
    // The native scanner's stand-in, with the page's Russian hint.
    const scanner = frame!.locator("[data-scanner=open]");
    await scanner.locator(".pg-scanner-hint", { hasText: "Наведите камеру на QR-код оплаты" }).waitFor();
    await scanner
      .locator(".pg-scanner-status", { hasText: "Камера недоступна" })
      .waitFor({ timeout: 10_000 });
    await scanner.locator('[data-sample="website"]').click();
    await scanner
      .locator(".pg-scanner-hint", { hasText: "Это не QR-код оплаты" })
      .waitFor({ timeout: 10_000 });
    expect(await page.locator("#miniapp").isHidden()).toBe(false);
    await scanner.locator('[data-sample="sbp"]').click();
    await page.locator("#miniapp[hidden]").waitFor({ state: "attached", timeout: 15_000 });
    await cardWith(/1\s250,00/).waitFor({ timeout: 15_000 });
    await context.close();
  }, 60_000);

  it("on a client without the scanner (Telegram Desktop) says so and offers «Отправьте фото в чат»", async () => {
    const tab = await browser.newPage({ locale: "ru-RU" });
    await tab.goto(`${pg.url}/app/scan#tgWebAppData=&tgWebAppVersion=8.0&tgWebAppPlatform=tdesktop`);
    await tab.locator("#status", { hasText: "не умеет сканировать" }).waitFor();
    expect(await tab.locator("#photo").textContent()).toBe("Отправьте фото в чат");
    expect(await tab.locator("#scan").isHidden()).toBe(true);
    expect(await tab.locator("[data-scanner]").count()).toBe(0);
    await tab.close();
  });
});
