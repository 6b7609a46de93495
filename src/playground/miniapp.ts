import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { z } from "zod";
import { createI18n, LOCALES } from "../bot/i18n.js";
import { MINIAPP_PATH } from "../config.js";
import { loadMiniAppAssets, type MiniAppAssets } from "../miniapp/page.js";
import type { WebAppLaunch } from "../sandbox/telegram/index.js";
import { PageError, readBody, sendBytes, sendJson } from "./http.js";
import type { PersonKey, PlaygroundPerson } from "./people.js";

/**
 * The Mini App scanner in the web chat. A person presses a `web_app` button (the reply keyboard's
 * «📷 Сканировать», the menu button, an inline one); the emulator opens the Mini App as a Telegram
 * client would (signed initData, or none for a keyboard button), and the page shows the bot's own
 * Mini App page in a panel — from this server, so it shares the page's origin — with a small
 * `Telegram.WebApp` stand-in instead of telegram.org's script. Its scanner reads the browser camera
 * (getUserMedia + jsQR in the page) or a sample picture. What the page sends goes the real way:
 * sendData through the emulator (a `web_app_data` message), the POST to the bot's own listener.
 */

/** What the stand-in's script is served as; the Mini App page loads it in place of telegram.org's. */
export const STAND_IN_SCRIPT = "/miniapp/telegram-web-app.js";
const JSQR_SCRIPT = "/miniapp/jsqr.js";
/** The platform the stand-in reports: a phone app, where Telegram has its scanner. */
const STAND_IN_PLATFORM = "android";

const PAGE_DIR = new URL("../../src/playground/page/", import.meta.url);
const JS = "text/javascript; charset=utf-8";

const openInput = z.discriminatedUnion("source", [
  z.object({ source: z.literal("keyboard"), button: z.string().min(1).max(200) }),
  z.object({ source: z.literal("menu") }),
  z.object({
    source: z.literal("inline"),
    messageId: z.number().int().positive(),
    button: z.string().min(1).max(200),
  }),
]);
const dataInput = z.object({ data: z.string() });

interface OpenLaunch {
  person: PersonKey;
  launch: WebAppLaunch;
}

/** Launches are kept this many at most (a page opens one per tap). */
const MAX_LAUNCHES = 100;

export class PlaygroundMiniApp {
  private readonly launches = new Map<string, OpenLaunch>();
  private readonly assets: MiniAppAssets;
  private readonly standIn: Buffer;
  private readonly jsqr: Buffer;

  /** `listenerUrl`: the bot's embedded listener, where the POST of a scanned code goes. */
  constructor(private readonly listenerUrl: () => string) {
    const i18n = createI18n();
    this.assets = loadMiniAppAssets({
      telegramScript: STAND_IN_SCRIPT,
      text: (locale, key) => i18n.t(locale, key),
      locales: LOCALES,
      frameAncestors: "'self'",
    });
    this.standIn = readFileSync(new URL("telegram-web-app.js", PAGE_DIR));
    this.jsqr = readFileSync(createRequire(import.meta.url).resolve("jsqr/dist/jsQR.js"));
  }

  /** Opens the Mini App behind a button; the page loads `src` in its panel. */
  open(person: PlaygroundPerson, input: unknown) {
    const parsed = openInput.safeParse(input);
    if (!parsed.success) throw new PageError(400, "Неверная кнопка");
    const wanted = parsed.data;
    let launch: WebAppLaunch;
    try {
      launch = person.user.openWebApp(
        wanted.source === "menu"
          ? { menu: true }
          : wanted.source === "keyboard"
            ? { keyboard: wanted.button }
            : { message: wanted.messageId, button: wanted.button },
      );
    } catch (err) {
      throw new PageError(409, `Кнопка больше не действует: ${(err as Error).message}`);
    }
    const id = randomUUID();
    this.launches.set(id, { person: person.key, launch });
    while (this.launches.size > MAX_LAUNCHES) this.launches.delete(this.launches.keys().next().value!);
    // Telegram hands a Mini App its launch in the URL's fragment; so does the stand-in.
    const url = new URL(launch.url);
    const fragment = new URLSearchParams({
      tgWebAppData: launch.initData,
      tgWebAppVersion: launch.version,
      tgWebAppPlatform: STAND_IN_PLATFORM,
      playgroundLaunch: id,
    });
    return { id, title: launch.buttonText, via: launch.via, src: `${url.pathname}${url.search}#${fragment}` };
  }

  /** Telegram.WebApp.sendData from the stand-in: the emulator delivers it as web_app_data. */
  async sendData(id: string, input: unknown): Promise<void> {
    const open = this.launches.get(id);
    if (!open) throw new PageError(404, "Мини-приложение уже закрыто");
    const parsed = dataInput.safeParse(input);
    if (!parsed.success) throw new PageError(400, "Нет данных");
    try {
      await open.launch.sendData(parsed.data.data);
    } catch (err) {
      throw new PageError(400, (err as Error).message);
    } finally {
      this.launches.delete(id);
    }
  }

  /**
   * Serves the Mini App's own requests: its page, the stand-in, jsQR, and the POST of a scanned code,
   * passed to the bot's listener as is (the listener checks the initData). False when not one of them.
   */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const script =
      req.method === "GET" ? { [STAND_IN_SCRIPT]: this.standIn, [JSQR_SCRIPT]: this.jsqr }[path] : undefined;
    if (script) {
      sendBytes(res, script, JS);
      return true;
    }
    if (path !== MINIAPP_PATH && !path.startsWith(`${MINIAPP_PATH}.`)) return false;
    if (req.method === "GET") {
      const asset = this.assets.get(path === MINIAPP_PATH ? "" : path.slice(path.lastIndexOf("/") + 1));
      if (!asset) throw new PageError(404, "Нет такой страницы");
      sendBytes(res, asset.bytes, asset.type, asset.headers);
      return true;
    }
    if (req.method !== "POST" || path !== MINIAPP_PATH) throw new PageError(405, "Не тот метод");
    const body = await readBody(req, 16 * 1024, "Слишком большой запрос");
    const answer = await fetch(`${this.listenerUrl()}${MINIAPP_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    sendJson(res, answer.status, await answer.json().catch(() => ({})));
    return true;
  }
}
