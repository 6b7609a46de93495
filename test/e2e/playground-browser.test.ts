import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { startTestPlayground, type TestPlayground } from "../support/playground.js";

const SCREENSHOT = "test-results/playground.png";

describe("the playground in a browser", () => {
  let pg: TestPlayground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    pg = await startTestPlayground({ storage: "memory" });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 760 }, locale: "ru-RU" });
    await page.goto(pg.url);
    await page.locator("body[data-ready=true]").waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  const person = (key: string) => page.locator(`.person[data-person="${key}"]`);

  it("shows that nothing is kept without Redis", async () => {
    await expect(page.locator("#banner").isVisible()).resolves.toBe(true);
    expect(await page.locator("#banner").textContent()).toContain("Данные не сохраняются");
  });

  it("the payer sends a sample SBP photo, sees the quote card, presses Pay and sees ✅", async () => {
    await person("payer").click();
    await page.locator('.sample[data-sample="sbp"]').click();
    const card = page
      .locator(".msg.bot")
      .filter({ has: page.locator(".key", { hasText: "Оплатить" }) })
      .last();
    await card.waitFor({ timeout: 15_000 });
    const id = await card.getAttribute("data-id");
    expect(await card.textContent()).toContain("Оплата по QR");
    // The photo the payer sent is shown in the chat, as Telegram shows it.
    await page.locator(".msg.user img.photo").last().waitFor();

    await card.locator(".key", { hasText: "Оплатить" }).click();
    // Not "✅": the Pay button itself starts with it, so the unpaid card would match.
    const paid = page.locator(`.msg.bot[data-id="${id}"]`, { hasText: "Оплачено" });
    await paid.waitFor({ timeout: 8_000 });
    expect(await paid.locator(".key").count()).toBe(0);
    expect(await paid.locator(".rt-bold").count()).toBeGreaterThan(0);
    await page.locator(".msg.bot", { hasText: "ООО Кофейня." }).waitFor();
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 40_000);

  it("the stranger is refused", async () => {
    await person("stranger").click();
    await page.locator("#text").fill("/start");
    await page.locator("#text").press("Enter");
    const refusal = page.locator(".msg.bot", { hasText: "Ваш Telegram ID" });
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.textContent()).toContain("администратору");
  }, 20_000);

  it("text with markup is shown as typed, not run", async () => {
    await person("payer").click();
    const attack = `<img src=x onerror="document.title='pwned'"><b>не жирный</b>`;
    await page.locator("#text").fill(attack);
    await page.locator("#text").press("Enter");
    const echoed = page.locator(".msg.user .text").filter({ hasText: "не жирный" });
    await echoed.waitFor();
    expect(await echoed.textContent()).toBe(attack);
    expect(await echoed.locator("img, b").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
  }, 20_000);
});
