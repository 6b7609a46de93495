import type { I18n } from "@grammyjs/i18n";
import { type Api, InlineKeyboard, type StorageAdapter } from "grammy";
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from "grammy/types";
import type { ProviderName } from "../../config.js";
import type { BackgroundTasks } from "../../lib/background-tasks.js";
import type { Logger } from "../../logger.js";
import { actorOf, type UserLike } from "../../team/actor.js";
import type { TeamService } from "../../team/service.js";
import type { BotContext, SessionData } from "../context.js";
import { DEFAULT_LOCALE, localeFor } from "../i18n.js";
import type { Translate } from "../views/format.js";
import { type CodeDeps, type ScanScope, scanText } from "./scan-code.js";

/**
 * The Mini App scanner, from the bot's side: the buttons that open it, the chat menu button, and
 * the scan that arrives from it outside any Telegram update (the menu and inline launches POST
 * their code to the listener, which verifies the launch first).
 *
 * A keyboard button opens `…/app/scan?via=keyboard` (the page answers with sendData, a
 * `web_app_data` message handled like a pasted link in the scan feature); the menu and inline
 * buttons open `…/app/scan`, whose page POSTs. `lang` tells the page the person's language.
 */

export type Via = "keyboard" | "post";

export function scannerUrl(base: string, via: Via, locale?: string): string {
  const query = new URLSearchParams(via === "keyboard" ? { via } : {});
  if (locale) query.set("lang", locale);
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}

/** The reply keyboard with «📷 Сканировать», for private chats. */
export function scannerKeyboard(t: Translate, base: string, locale: string): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: t("miniapp-button"), web_app: { url: scannerUrl(base, "keyboard", locale) } }]],
    resize_keyboard: true,
    is_persistent: true,
  };
}

/** An inline button under a message (help, "no code found"), for private chats. */
export function scannerInlineButton(t: Translate, base: string, locale: string): InlineKeyboardMarkup {
  return new InlineKeyboard().webApp(t("miniapp-inline-button"), scannerUrl(base, "post", locale));
}

/** The scanner's buttons fit this update: a private chat, a person who may scan, a configured URL. */
export function offersScanner(ctx: BotContext, url: string | undefined): url is string {
  return (
    url !== undefined &&
    ctx.chat?.type === "private" &&
    ctx.member !== undefined &&
    ctx.member.role !== "viewer"
  );
}

/**
 * The chat menu button for every private chat: the scanner when there is a URL. Without one, a
 * scanner button an earlier deployment set is taken back (Telegram would keep showing it).
 */
export async function publishMenuButton(
  api: Api,
  i18n: I18n<BotContext>,
  url: string | undefined,
): Promise<"scanner" | "reset" | "unchanged"> {
  if (url) {
    await api.setChatMenuButton({
      menu_button: {
        type: "web_app",
        text: i18n.t(DEFAULT_LOCALE, "miniapp-button"),
        web_app: { url: scannerUrl(url, "post") },
      },
    });
    return "scanner";
  }
  const current = await api.getChatMenuButton();
  if (current.type !== "web_app" || !new URL(current.web_app.url).pathname.endsWith("/app/scan"))
    return "unchanged";
  await api.setChatMenuButton({ menu_button: { type: "default" } });
  return "reset";
}

export interface MiniAppScanDeps extends CodeDeps {
  api: Api;
  i18n: I18n<BotContext>;
  team: TeamService;
  sessionStorage: StorageAdapter<SessionData>;
  /** The provider a person pays through (their choice, else the default). */
  providerOf: (chosen: ProviderName | undefined) => ProviderName | undefined;
  logger: Logger;
  inFlight: BackgroundTasks;
}

/** What became of a Mini App's scan; the listener answers the page with it. */
export type MiniAppScanResult = "scanning" | "stranger" | "viewer";

/**
 * A code from a verified Mini App launch, answered in the person's private chat exactly as a pasted
 * link would be: a stranger gets the access gate's refusal, a viewer the viewer's, everyone else
 * the status message and then the card. The answer runs on after this resolves (tracked, so
 * shutdown lets it finish); the page only needs to know it was taken.
 */
export function createMiniAppScan(deps: MiniAppScanDeps) {
  return async (user: UserLike & { language_code?: string }, text: string): Promise<MiniAppScanResult> => {
    const logger = deps.logger.child({ userId: user.id, via: "miniapp" });
    const session = await deps.sessionStorage.read(String(user.id));
    const locale = localeFor(session?.__language_code, user.language_code);
    const t: Translate = (key, variables) => deps.i18n.t(locale, key, variables);
    const send = (message: string) =>
      deps.api.sendMessage(user.id, message, { parse_mode: "HTML" }).catch((err: unknown) => {
        logger.warn({ err }, "could not answer a Mini App scan");
      });
    const member = await deps.team.member(user);
    if (!member) {
      logger.info({ strangerId: user.id }, "stranger refused");
      await send(t("access-stranger", { id: String(user.id) }));
      return "stranger";
    }
    if (member.role === "viewer") {
      await send(t("access-viewer-cannot-pay"));
      return "viewer";
    }
    const scope: ScanScope = {
      api: deps.api,
      chat: { id: user.id, type: "private" },
      t,
      locale,
      actor: actorOf(member),
      logger,
      provider: async () => deps.providerOf(session?.provider),
    };
    deps.inFlight.run("miniapp scan", () =>
      scanText(deps, scope, text).catch(async (err: unknown) => {
        logger.error({ err }, "Mini App scan failed");
        await send(t("error-generic"));
      }),
    );
    return "scanning";
  };
}

export type MiniAppScan = ReturnType<typeof createMiniAppScan>;
