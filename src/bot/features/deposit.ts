import { Composer, InputFile } from "grammy";
import type { ProviderName } from "../../config.js";
import type { PaymentService } from "../../payments/service.js";
import { type Provider, ProviderError } from "../../providers/types.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { money, providerTitle } from "../views/format.js";
import { providerErrorText } from "../views/provider-error.js";

export const depositCommands: CommandSpec[] = [{ command: "deposit", audience: "everyone" }];

export interface DepositDeps {
  service: PaymentService;
  /** A PNG of a QR code holding the text, so the address can be scanned from a wallet app. */
  renderQr: (text: string) => Promise<Uint8Array>;
}

interface Instructions {
  text: string;
  address: string;
  network: string;
}

/** 150 basis points → "1,5 %". Integer arithmetic only. */
export function percentFromBps(bps: number, locale: string): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(Math.abs(bps % 100))
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${fraction ? (locale === "en" ? "." : ",") + fraction : ""}\u00a0%`;
}

async function instructionsFor(ctx: BotContext, provider: Provider): Promise<Instructions | string> {
  const locale = await ctx.i18n.getLocale();
  const title = providerTitle(provider.name);
  try {
    if (provider.getDepositAddress) {
      const d = await provider.getDepositAddress();
      const text = [
        ctx.t("deposit-ardor", {
          provider: title,
          asset: escapeHtml(d.asset),
          network: escapeHtml(d.network),
          address: escapeHtml(d.address),
          min: d.minAmount ? money(d.minAmount, locale) : "—",
          fee: d.feeBps !== undefined ? percentFromBps(d.feeBps, locale) : "—",
        }),
        ctx.t("deposit-only-asset", { asset: escapeHtml(d.asset), network: escapeHtml(d.network) }),
      ].join("\n");
      return { text, address: d.address, network: d.network };
    }
    const address = (await provider.getBalances()).find((b) => b.address)?.address;
    if (!address) return ctx.t("deposit-unavailable", { provider: title, reason: "—" });
    const text = [
      ctx.t("deposit-lumo", { provider: title, address: escapeHtml(address) }),
      ctx.t("deposit-only-asset", { asset: "USDT (TRC-20)", network: "TRON" }),
    ].join("\n");
    return { text, address, network: "TRON" };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    return ctx.t("deposit-unavailable", { provider: title, reason: providerErrorText(ctx.t, err.kind) });
  }
}

/** How to top up: each provider's address as text and as a scannable QR picture. */
export async function showDeposit(ctx: BotContext, deps: DepositDeps, only?: string): Promise<void> {
  const names = deps.service.providerNames.filter((name) => !only || name === only);
  await ctx.reply(ctx.t("deposit-title"), { parse_mode: "HTML" });
  for (const name of names) {
    const result = await instructionsFor(ctx, deps.service.provider(name as ProviderName));
    if (typeof result === "string") {
      await ctx.reply(result, { parse_mode: "HTML" });
      continue;
    }
    await ctx.reply(result.text, { parse_mode: "HTML" });
    const png = await deps.renderQr(result.address);
    await ctx.replyWithPhoto(new InputFile(png, "address.png"), {
      caption: ctx.t("deposit-qr-caption", { provider: providerTitle(name), network: result.network }),
    });
  }
}

export function depositFeature(deps: DepositDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("deposit", (ctx) => showDeposit(ctx, deps));
  return feature;
}
