import { Composer, InlineKeyboard } from "grammy";
import type { ProviderName } from "../../config.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { providerTitle } from "../views/format.js";

export const providerCommands: CommandSpec[] = [{ command: "provider", audience: "everyone" }];

export interface ProviderChoiceDeps {
  names: readonly ProviderName[];
  defaultProvider: ProviderName | undefined;
}

/** The provider a person pays through: their choice when it is still configured, else the default. */
export function chosenProvider(
  chosen: ProviderName | undefined,
  deps: ProviderChoiceDeps,
): ProviderName | undefined {
  return chosen && deps.names.includes(chosen) ? chosen : deps.defaultProvider;
}

export async function providerFor(
  ctx: BotContext,
  deps: ProviderChoiceDeps,
): Promise<ProviderName | undefined> {
  return chosenProvider(ctx.from ? (await ctx.session).provider : undefined, deps);
}

export function providerFeature(deps: ProviderChoiceDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("provider", async (ctx) => {
    const current = await providerFor(ctx, deps);
    if (deps.names.length < 2) {
      return ctx.reply(ctx.t("provider-only-one", { provider: current ? providerTitle(current) : "—" }));
    }
    const keyboard = new InlineKeyboard();
    for (const name of deps.names)
      keyboard.text(
        `${name === current ? "● " : ""}${providerTitle(name)}`,
        buttons.chooseProvider.pack({ name }),
      );
    return ctx.reply(ctx.t("provider-choose", { current: current ? providerTitle(current) : "—" }), {
      reply_markup: keyboard,
    });
  });

  onButton(feature, buttons.chooseProvider, async (ctx, { name }) => {
    if (!deps.names.includes(name)) return ctx.answerCallbackQuery(ctx.t("error-button-stale"));
    ctx.session.provider = name;
    const text = ctx.t("provider-changed", { provider: providerTitle(name) });
    await ctx.answerCallbackQuery(text);
    if (ctx.callbackQuery?.message?.text !== text) await ctx.editMessageText(text);
  });

  return feature;
}
