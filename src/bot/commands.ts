import type { I18n } from "@grammyjs/i18n";
import type { Api } from "grammy";
import type { Role } from "../store/types.js";
import type { BotContext } from "./context.js";
import { DEFAULT_LOCALE, LOCALES } from "./i18n.js";

/** A command a feature offers; its description is the i18n key `command-<name>`. */
export interface CommandSpec {
  command: string;
  /**
   * Who sees it in /help: everyone; those who oversee the company (administrators and viewers);
   * administrators. The menu Telegram shows has the `everyone` commands, and all for administrators.
   */
  audience: "everyone" | "overseers" | "admin";
}

export const commandDescriptionKey = (command: string) => `command-${command}`;

/**
 * Publishes the command menu in every language; the default scope gets the default language.
 * Administrators get a menu of their own (chat scope) with the administration commands too; one
 * who never wrote to the bot yet cannot get it, and is skipped.
 */
export async function publishCommands(
  api: Api,
  i18n: I18n<BotContext>,
  commands: CommandSpec[],
  adminIds: readonly number[] = [],
  onAdminFailure: (adminId: number, err: unknown) => void = () => {},
): Promise<void> {
  const menu = (locale: string, all: boolean) =>
    commands
      .filter((c) => all || c.audience === "everyone")
      .map(({ command }) => ({ command, description: i18n.t(locale, commandDescriptionKey(command)) }));
  await api.setMyCommands(menu(DEFAULT_LOCALE, false));
  for (const locale of LOCALES) await api.setMyCommands(menu(locale, false), { language_code: locale });
  for (const chat_id of adminIds) {
    try {
      await api.setMyCommands(menu(DEFAULT_LOCALE, true), { scope: { type: "chat", chat_id } });
      for (const locale of LOCALES) {
        await api.setMyCommands(menu(locale, true), {
          scope: { type: "chat", chat_id },
          language_code: locale,
        });
      }
    } catch (err) {
      onAdminFailure(chat_id, err);
    }
  }
}

/** Commands a person may use: administrators see them all. */
export function commandsFor(commands: CommandSpec[], role: Role | undefined): CommandSpec[] {
  return commands.filter(
    (c) => role === "admin" || c.audience === "everyone" || (c.audience === "overseers" && role === "viewer"),
  );
}
