import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { BotContext } from "./context.js";

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ru";

// `locales/` sits at the repository root: the same relative path from src/bot and dist/bot.
const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Russian unless the person chose English, or their Telegram speaks English. */
export function localeFor(chosen: string | undefined, telegramLanguage: string | undefined): Locale {
  if (isLocale(chosen)) return chosen;
  return telegramLanguage?.toLowerCase().startsWith("en") ? "en" : DEFAULT_LOCALE;
}

export function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    useSession: true,
    // Bidi isolation marks around variables would end up in Telegram messages as invisible junk.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) =>
      localeFor(ctx.from ? (await ctx.session).__language_code : undefined, ctx.from?.language_code),
  });
  i18n.loadLocalesDirSync(LOCALES_DIR);
  return i18n;
}
