import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons } from "../../src/bot/callback-data.js";
import { launchChromium } from "../support/browser.js";
import { type PageState, pageApi, startTestPlayground, type TestPlayground } from "../support/playground.js";

const WIDTH = 375;
const HEIGHT = 740;

/** The part of the element that the chat's scrolling list shows, in pixels (0: scrolled away). */
function shownHeight(message: Locator): Promise<number> {
  return message.evaluate((el) => {
    const list = el.closest(".messages")!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return Math.max(0, Math.min(box.bottom, list.bottom) - Math.max(box.top, list.top));
  });
}

function overlaps(a: { x: number; y: number; width: number; height: number } | null, b: typeof a): boolean {
  if (!a || !b) return false;
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("the playground on a phone screen (375×740), in a browser", () => {
  let pg: TestPlayground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    pg = await startTestPlayground({ storage: "memory" });
    browser = await launchChromium();
    // Reduced motion: scrolling into view is instant, so what is checked is where, not how fast.
    page = await browser.newPage({
      viewport: { width: WIDTH, height: HEIGHT },
      locale: "ru-RU",
      reducedMotion: "reduce",
    });
    await page.goto(pg.url);
    await page.locator("body[data-ready=true]").waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  const sidebar = () => page.locator("#sidebar");

  it("gives the chat the screen: the side panel is a drawer that covers nothing until opened", async () => {
    expect(await page.locator("html").evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    expect(await sidebar().isVisible()).toBe(false);
    const chat = await page.locator("#messages").boundingBox();
    expect(chat?.width).toBeGreaterThan(WIDTH - 20);
    for (const part of ["#messages", "#composer", "#text", "#samples"]) {
      const box = await page.locator(part).boundingBox();
      expect(box, part).not.toBeNull();
      expect(box!.x + box!.width, part).toBeLessThanOrEqual(WIDTH + 0.5);
      expect(overlaps(box, await sidebar().boundingBox()), part).toBe(false);
    }

    await page.locator("#drawer-toggle").click();
    await sidebar().waitFor({ state: "visible" });
    expect(await page.locator("#drawer-toggle").getAttribute("aria-expanded")).toBe("true");
    await page.locator('.person[data-person="admin"]').click();
    // Choosing a person closes the drawer on the chat just chosen.
    await sidebar().waitFor({ state: "hidden" });
    expect(await page.locator("#chat-person").textContent()).toContain("администратор");

    await page.locator("#drawer-toggle").click();
    await page.locator('.person[data-person="payer"]').click();
    await sidebar().waitFor({ state: "hidden" });
  }, 20_000);

  it("brings an edited card into view, even when later messages pushed it out of the chat", async () => {
    await page.locator('.sample[data-sample="sbp"]').click();
    const api = pageApi(pg.url);
    let card: { id: number; pay: string } | undefined;
    await expect
      .poll(
        async () => {
          const { chats } = await api.get<PageState>("/api/state");
          for (const m of chats.payer ?? []) {
            const pay = m.buttons.flat().find((b) => "data" in b && buttons.pay.unpack(b.data));
            if (pay && "data" in pay) card = { id: m.id, pay: pay.data };
          }
          return card;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    const message = page.locator(`.msg[data-id="${card!.id}"]`);
    await message.waitFor();

    // Later answers push the card up and out of the list.
    for (let i = 0; i < 6 && (await shownHeight(message)) > 0; i++) {
      const before = await page.locator(".msg.bot").count();
      await page.locator("#text").fill("/help");
      await page.locator("#text").press("Enter");
      await expect.poll(() => page.locator(".msg.bot").count(), { timeout: 10_000 }).toBeGreaterThan(before);
      // The chat has followed the answer down.
      await expect
        .poll(() => shownHeight(page.locator(".msg").last()), { timeout: 5_000 })
        .toBeGreaterThan(0);
    }
    expect(await shownHeight(message)).toBe(0);

    // Pay, from outside the page (a click would scroll the button into view by itself).
    const paid = await api.post("/api/people/payer/press", { messageId: card!.id, data: card!.pay });
    expect(paid.status).toBe(200);
    await expect.poll(() => shownHeight(message), { timeout: 10_000 }).toBeGreaterThan(40);
    // It stays in view while the card settles (⏳ → ✅) and the notification after it arrives.
    await page.locator(`.msg[data-id="${card!.id}"]:not(:has(.key))`).waitFor({ timeout: 10_000 });
    await expect.poll(() => shownHeight(message), { timeout: 10_000 }).toBeGreaterThan(40);
  }, 60_000);
});
