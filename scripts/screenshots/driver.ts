import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import sharp from "sharp";
import type { PersonKey } from "../../src/playground/people.js";
import type { Playground } from "../../src/playground/runner.js";
import type { ChatMessage, EmulatorEvent } from "../../src/sandbox/telegram/index.js";

const WAIT_MS = 20_000;
/** A chat is settled when nothing has changed in it for this long. */
const QUIET_MS = 700;

const SHOT = {
  animations: "disabled",
  caret: "hide",
  // Hidden while a picture is taken: button answers that fade out by themselves.
  style: "#toasts { display: none !important; }",
} as const;

/**
 * Acts as the people through the page's own API (as the page's buttons do), waits on the
 * emulator for what the bot answers, and takes pictures once the browser shows the same.
 */
export class Driver {
  constructor(
    private readonly pg: Playground,
    private readonly page: Page,
    private readonly outDir: string,
    private readonly prefix: string,
  ) {
    mkdirSync(outDir, { recursive: true });
  }

  /** The emulator's event number now: what happens after it is "new". */
  mark(): number {
    return this.pg.tg.mark();
  }

  chatId(who: PersonKey): number {
    return this.pg.people[who].id;
  }

  async say(who: PersonKey, text: string): Promise<number> {
    const since = this.mark();
    await this.post(`/api/people/${who}/text`, { text });
    return since;
  }

  async sample(who: PersonKey, id: string): Promise<number> {
    const since = this.mark();
    await this.post(`/api/people/${who}/sample/${id}`);
    return since;
  }

  async press(who: PersonKey, messageId: number, data: string): Promise<number> {
    const since = this.mark();
    await this.post(`/api/people/${who}/press`, { messageId, data });
    return since;
  }

  async panel(path: string, action: Record<string, string>): Promise<void> {
    await this.post(path, action);
  }

  /** The first bot message (new or edited) in the person's chat after `since` that matches. */
  botMessage(
    who: PersonKey,
    since: number,
    what: string,
    match: (m: ChatMessage) => boolean = () => true,
    kinds: ReadonlyArray<"message" | "edit"> = ["message"],
  ): Promise<ChatMessage> {
    const chatId = this.chatId(who);
    const pick = (e: EmulatorEvent): ChatMessage | undefined =>
      (e.type === "message" || e.type === "edit") &&
      kinds.includes(e.type) &&
      e.chatId === chatId &&
      match(e.message)
        ? e.message
        : undefined;
    return new Promise((resolve, reject) => {
      const done = (found: ChatMessage) => {
        clearTimeout(timer);
        stop();
        resolve(found);
      };
      const stop = this.pg.tg.subscribe((e) => {
        const found = pick(e);
        if (found) done(found);
      });
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`the bot did not show ${what} within ${WAIT_MS} ms`));
      }, WAIT_MS);
      for (const e of this.pg.tg.eventsSince(since)) {
        const found = pick(e);
        if (found) return done(found);
      }
    });
  }

  /** Waits until `check` holds (polled), for the app's own state. */
  async until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms`);
      await delay(100);
    }
  }

  /** Waits until nothing has changed in the person's chat for a moment. */
  async settle(who: PersonKey): Promise<void> {
    const chatId = this.chatId(who);
    let last = Date.now();
    const stop = this.pg.tg.subscribe((e) => {
      if ((e.type === "message" || e.type === "edit" || e.type === "update") && e.chatId === chatId)
        last = Date.now();
    });
    try {
      await this.until("the chat to settle", () => Date.now() - last >= QUIET_MS);
    } finally {
      stop();
    }
  }

  /** Opens the person's chat in the page, waits until it shows what the emulator holds, scrolls down. */
  async show(who: PersonKey): Promise<void> {
    const person = this.page.locator(`.person[data-person="${who}"]`);
    if (!(await person.isVisible())) await this.page.locator("#drawer-toggle").click();
    await person.click();
    await this.page.locator(`.person.active[data-person="${who}"]`).waitFor({ state: "attached" });
    const latest = this.pg.tg
      .chatMessages(this.chatId(who))
      .filter((m) => !m.deleted)
      .slice(-8)
      .map((m) => ({ id: m.messageId, text: m.message.web_app_data ? null : (m.text ?? "") }));
    const list = this.page.locator("#messages");
    await this.until("the page to show the chat", () =>
      list.evaluate(
        (el, expected) =>
          expected.every(({ id, text }) => {
            const message = el.querySelector(`.msg[data-id="${id}"]`);
            return message && (text === null || (message.querySelector(".text")?.textContent ?? "") === text);
          }) && [...el.querySelectorAll("img")].every((img) => img.complete),
        latest,
      ),
    );
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    // Two frames: the scroll is painted before the picture is taken.
    await this.page.evaluate(
      "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))",
    );
  }

  /** The chat's message list only: the bot's words, without the page's own (Russian) controls. */
  async shotChat(name: string): Promise<string> {
    return this.save(name, await this.page.locator("#messages").screenshot(SHOT));
  }

  /** The whole page at its current size. */
  async shotPage(name: string): Promise<string> {
    return this.save(name, await this.page.screenshot(SHOT));
  }

  /** A palette PNG: a quarter of the size, and no difference to see at this quality. */
  private async save(name: string, png: Buffer): Promise<string> {
    const path = join(this.outDir, `${this.prefix}-${name}.png`);
    await sharp(png).png({ palette: true, quality: 95, effort: 8 }).toFile(path);
    return path;
  }

  private async post(path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.pg.url}${path}`, {
      method: "POST",
      headers: { "x-playground": "1", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
