import { z } from "zod";
import type { ProviderName } from "../config.js";
import { CURRENCIES, formatAmount, formatMoney, parseAmountInput } from "../money.js";
import type { ArdorSimulator } from "../sandbox/ardor/simulator.js";
import type { LumoSimulator } from "../sandbox/lumo/simulator.js";

/** "Provider is down" until switched off: more failing requests than a demo ever makes. */
const UNTIL_SWITCHED_OFF = 1_000_000;

export interface ProviderPanel {
  name: ProviderName;
  title: string;
  currency: "USDT" | "RUB";
  /** Formatted for people, e.g. "1 000,50 USDT". */
  balance: string;
  /** The number alone in the same format ("1 000,50"), to prefill the input labelled with `unit`. */
  balanceInput: string;
  /** "USDT" or "₽". */
  unit: string;
  /** Planned failures not yet used by a payment. */
  failuresPlanned: number;
  /** Webhooks that will be lost, not yet lost. */
  webhooksToDrop: number;
  /** Every request answered 503 until switched off. */
  down: boolean;
}

export class PanelInputError extends Error {
  override name = "PanelInputError";
}

const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("balance"), amount: z.string().trim().min(1).max(30) }),
  z.object({ action: z.literal("failNextPayment") }),
  z.object({ action: z.literal("dropNextWebhook") }),
  z.object({ action: z.literal("down") }),
  z.object({ action: z.literal("up") }),
]);

interface Tracked {
  failuresArmed: number;
  failuresAtStart: number;
  dropsArmed: number;
  dropsAtStart: number;
  down: boolean;
}

/**
 * The sandbox panel: balance, "next payment fails", "drop the next webhook" and "provider is down",
 * for both simulators, through the same scenario controls the tests use. What is still armed is
 * derived from the simulators' own records, so the page shows when a switch has been used up.
 */
export class SandboxPanel {
  private readonly tracked: Record<ProviderName, Tracked>;

  constructor(
    private readonly lumo: LumoSimulator,
    private readonly ardor: ArdorSimulator,
  ) {
    this.tracked = {
      lumo: this.untouched("lumo"),
      ardor: this.untouched("ardor"),
    };
  }

  state(): ProviderPanel[] {
    const lumoBalance = this.lumo.state.balance.usdtMicro;
    const ardorBalance = this.ardor.state.balanceMinor;
    return [
      {
        name: "lumo",
        title: "Lumo",
        currency: "USDT",
        balance: formatMoney(lumoBalance, "USDT"),
        balanceInput: formatAmount(lumoBalance, "USDT"),
        unit: CURRENCIES.USDT.symbol,
        ...this.switches("lumo"),
      },
      {
        name: "ardor",
        title: "ArdorQR",
        currency: "RUB",
        balance: formatMoney(ardorBalance, "RUB"),
        balanceInput: formatAmount(ardorBalance, "RUB"),
        unit: CURRENCIES.RUB.symbol,
        ...this.switches("ardor"),
      },
    ];
  }

  /** Runs one action; returns what to tell the person. Throws {@link PanelInputError} on bad input. */
  run(provider: ProviderName, input: unknown): string {
    const parsed = actionSchema.safeParse(input);
    if (!parsed.success) throw new PanelInputError("Неизвестное действие");
    const action = parsed.data;
    const title = provider === "lumo" ? "Lumo" : "ArdorQR";
    const tracked = this.tracked[provider];
    const controls = provider === "lumo" ? this.lumo.controls : this.ardor.controls;
    switch (action.action) {
      case "balance": {
        const minor = parseAmount(action.amount, provider === "lumo" ? "USDT" : "RUB");
        if (provider === "lumo") this.lumo.controls.setBalance({ usdtMicro: minor });
        else this.ardor.controls.setBalance({ balanceMinor: minor });
        return `${title}: баланс ${formatMoney(minor, provider === "lumo" ? "USDT" : "RUB")}`;
      }
      case "failNextPayment":
        controls.failNextPayment({});
        tracked.failuresArmed++;
        return `${title}: следующий платёж не пройдёт`;
      case "dropNextWebhook":
        controls.dropNextWebhook();
        tracked.dropsArmed++;
        return `${title}: следующий вебхук потеряется — бот узнает статус опросом`;
      case "down":
        controls.clearFaults();
        controls.failRequests({ status: 503, times: UNTIL_SWITCHED_OFF });
        tracked.down = true;
        return `${title} недоступен (503), пока не включите`;
      case "up":
        controls.clearFaults();
        tracked.down = false;
        return `${title} снова работает`;
    }
  }

  private untouched(provider: ProviderName): Tracked {
    return {
      failuresArmed: 0,
      failuresAtStart: this.failures(provider),
      dropsArmed: 0,
      dropsAtStart: this.drops(provider),
      down: false,
    };
  }

  private switches(
    provider: ProviderName,
  ): Pick<ProviderPanel, "failuresPlanned" | "webhooksToDrop" | "down"> {
    const t = this.tracked[provider];
    return {
      failuresPlanned: Math.max(0, t.failuresArmed - (this.failures(provider) - t.failuresAtStart)),
      webhooksToDrop: Math.max(0, t.dropsArmed - (this.drops(provider) - t.dropsAtStart)),
      down: t.down,
    };
  }

  /** Payments that failed on purpose (the only failures the sandbox makes up). */
  private failures(provider: ProviderName): number {
    if (provider === "lumo")
      return [...this.lumo.state.orders.values()].filter((o) => o.failureReason !== undefined).length;
    return [...this.ardor.state.payments.values()].filter((p) => p.status === "failed").length;
  }

  private drops(provider: ProviderName): number {
    const deliveries = provider === "lumo" ? this.lumo.state.deliveries : this.ardor.state.deliveries;
    return deliveries.filter((d) => d.status === "dropped").length;
  }
}

/** "1 000,50" (as the input shows it) or "1000.5" → minor units; never through a float. */
function parseAmount(text: string, currency: "USDT" | "RUB"): number {
  const minor = parseAmountInput(text, currency);
  if (minor !== null && minor <= 1e15) return minor;
  throw new PanelInputError(
    currency === "USDT"
      ? "Баланс — число USDT, например 1 000,50 (до 6 знаков после запятой)"
      : "Баланс — сумма в рублях, например 5 000,00 (до 2 знаков после запятой)",
  );
}
