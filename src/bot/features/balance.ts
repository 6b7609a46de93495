import { Composer } from "grammy";
import type { PaymentService } from "../../payments/service.js";
import { ProviderError } from "../../providers/types.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { privateUnlessAdmin } from "../guards.js";
import { escapeHtml } from "../html.js";
import { money, providerTitle } from "../views/format.js";
import { providerErrorText } from "../views/provider-error.js";

export const balanceCommands: CommandSpec[] = [{ command: "balance", audience: "everyone" }];

export function balanceFeature(deps: { service: PaymentService }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("balance", async (ctx) => {
    if (!(await privateUnlessAdmin(ctx))) return;
    const locale = await ctx.i18n.getLocale();
    const lines = [ctx.t("balance-title")];
    for (const { provider, mode: providerMode, balances, error } of await deps.service.balances()) {
      const mode = providerMode ? ` · ${ctx.t(`balance-mode-${providerMode}`)}` : "";
      const title = `${providerTitle(provider)}${mode}`;
      if (!balances) {
        const reason =
          error instanceof ProviderError ? providerErrorText(ctx.t, error.kind) : ctx.t("error-generic");
        lines.push("", ctx.t("balance-error", { provider: title, reason }));
        continue;
      }
      lines.push("");
      for (const balance of balances) {
        lines.push(ctx.t("balance-line", { provider: title, amount: money(balance.available, locale) }));
      }
      const address = balances.find((b) => b.address)?.address;
      if (address) lines.push(ctx.t("balance-address", { address: escapeHtml(address) }));
    }
    return ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  });
  return feature;
}
