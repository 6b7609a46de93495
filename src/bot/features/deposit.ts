import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { ProviderName } from "../../config.js";
import type { PaymentService } from "../../payments/service.js";
import { ProviderError } from "../../providers/types.js";
import { buttons } from "../callback-data.js";
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
  /** Providers the exchanger can top up from rubles (administrators get that offer too). */
  exchangeTargets: () => string[];
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

async function instructionsFor(
  ctx: BotContext,
  deps: DepositDeps,
  name: ProviderName,
): Promise<Instructions | string> {
  const locale = await ctx.i18n.getLocale();
  const title = providerTitle(name);
  try {
    const d = await deps.service.depositAddress(name);
    const asset = escapeHtml(d.asset);
    const network = escapeHtml(d.network);
    // Only what the provider states: a minimum, a fee, a conversion.
    const text = [
      ctx.t("deposit-address", { provider: title, asset, network, address: escapeHtml(d.address) }),
      d.minAmount ? ctx.t("deposit-minimum", { min: money(d.minAmount, locale) }) : undefined,
      d.feeBps !== undefined ? ctx.t("deposit-fee", { fee: percentFromBps(d.feeBps, locale) }) : undefined,
      d.balanceCurrency === "RUB" ? ctx.t("deposit-credited-rub") : undefined,
      ctx.t("deposit-only-asset", { asset, network }),
    ]
      .filter(Boolean)
      .join("\n");
    return { text, address: d.address, network: d.network };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    return ctx.t("deposit-unavailable", { provider: title, reason: providerErrorText(ctx.t, err.kind) });
  }
}

/** How to top up: each provider's address as text and as a scannable QR picture. */
export async function showDeposit(ctx: BotContext, deps: DepositDeps, only?: ProviderName): Promise<void> {
  const names = deps.service.providerNames.filter((name) => !only || name === only);
  await ctx.reply(ctx.t("deposit-title"), { parse_mode: "HTML" });
  for (const name of names) {
    const result = await instructionsFor(ctx, deps, name);
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
  const exchangeable = deps.exchangeTargets().filter((name) => names.includes(name as ProviderName));
  if (ctx.member?.role === "admin" && exchangeable.length > 0) {
    await ctx.reply(ctx.t("deposit-exchange-offer"), {
      reply_markup: new InlineKeyboard().text(ctx.t("deposit-exchange-button"), buttons.topupStart.pack({})),
    });
  }
}

export function depositFeature(deps: DepositDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("deposit", (ctx) => showDeposit(ctx, deps));
  return feature;
}
