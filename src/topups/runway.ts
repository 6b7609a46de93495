import type { Logger } from "../logger.js";
import { type Money, toMinor } from "../money.js";
import type { PaymentRecord } from "../payments/types.js";
import type { Provider } from "../providers/types.js";
import type { OnceStore } from "../store/types.js";

const DAY_MS = 24 * 3600_000;
/** An alert stays sent until the balance is back above the line (or this long, as a safety). */
const ALERT_MEMORY_MS = 30 * DAY_MS;

/** A provider whose balance would not last the company's usual day. */
export interface RunwayAlert {
  provider: string;
  balance: Money;
  /** The balance in kopecks (USDT at the last quoted rate), and a usual day's spending through it. */
  balanceRubMinor: number;
  dailyRubMinor: number;
  /** Whole days the balance lasts at that pace (0: less than a day); undefined without spending. */
  days?: number;
  /** A sensible top-up: a week of spending beyond what is there, in whole thousands of rubles. */
  suggestedRubMinor: number;
  /** Why now: the balance fell under the line, or a payment was refused for lack of money. */
  cause: "low" | "insufficient";
}

export interface RunwayDeps {
  provider(name: string): Provider | undefined;
  /** Succeeded payments through a provider since a time (for the usual day and the rate). */
  succeededSince(provider: string, since: number): Promise<PaymentRecord[]>;
  alerts: OnceStore;
  /** LOW_BALANCE_RUB: a fixed line instead of a day's spending. */
  lowBalanceRubMinor?: number;
  notify(alert: RunwayAlert): Promise<void>;
  logger: Logger;
  clock?: () => number;
}

/**
 * "Never run dry at the till": after payments, compares a provider's balance with a usual day of the
 * company's spending through it (the last 7 days), or LOW_BALANCE_RUB, and tells every administrator
 * once per crossing — again only after the balance has been back above the line.
 */
export class Runway {
  private readonly clock: () => number;

  constructor(private readonly deps: RunwayDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Looks at a provider's balance now; alerts when it crossed the line. Never throws. */
  async check(provider: string, cause: RunwayAlert["cause"] = "low"): Promise<RunwayAlert | undefined> {
    try {
      const alert = await this.measure(provider, cause);
      const key = `runway:${provider}`;
      if (!alert) {
        await this.deps.alerts.release(key);
        return undefined;
      }
      if (!(await this.deps.alerts.claim(key, ALERT_MEMORY_MS))) return undefined;
      await this.deps.notify(alert);
      return alert;
    } catch (err) {
      this.deps.logger.warn({ err, provider }, "could not check the balance's runway");
      return undefined;
    }
  }

  private async measure(name: string, cause: RunwayAlert["cause"]): Promise<RunwayAlert | undefined> {
    const provider = this.deps.provider(name);
    if (!provider) return undefined;
    const now = this.clock();
    const week = await this.deps.succeededSince(name, now - 7 * DAY_MS);
    const balances = await provider.getBalances();
    const debitCurrency = week[0]?.quote.debit.currency ?? balances[0]?.available.currency;
    const balance = balances.find((b) => b.available.currency === debitCurrency)?.available;
    if (!balance) return undefined;
    const balanceRubMinor = toRubles(balance, week);
    if (balanceRubMinor === undefined) return undefined;
    const spent = week.reduce((sum, p) => sum + p.quote.total.minor, 0);
    const oldest = week.reduce((min, p) => Math.min(min, p.createdAt), now);
    const days = Math.min(7, Math.max(1, Math.ceil((now - oldest) / DAY_MS)));
    const dailyRubMinor = Math.floor(spent / days);
    const line = this.deps.lowBalanceRubMinor ?? dailyRubMinor;
    if (cause === "low" && (line === 0 || balanceRubMinor >= line)) return undefined;
    const weekNeed = 7 * dailyRubMinor - balanceRubMinor;
    const suggested = Math.max(
      100_000,
      Math.ceil(Math.max(weekNeed, line - balanceRubMinor) / 100_000) * 100_000,
    );
    return {
      provider: name,
      balance,
      balanceRubMinor,
      dailyRubMinor,
      ...(dailyRubMinor > 0 ? { days: Math.floor(balanceRubMinor / dailyRubMinor) } : {}),
      suggestedRubMinor: suggested,
      cause,
    };
  }
}

/** A balance in kopecks: rubles as they are; USDT at the rate of the latest quote (exact integers). */
function toRubles(balance: Money, recent: PaymentRecord[]): number | undefined {
  if (balance.currency === "RUB") return balance.minor;
  const rate = [...recent].sort((a, b) => b.createdAt - a.createdAt).find((p) => p.quote.rate)?.quote.rate;
  if (!rate || balance.currency !== "USDT") return undefined;
  const kopecksPerUsdt = BigInt(toMinor(rate, "RUB"));
  return Number((BigInt(balance.minor) * kopecksPerUsdt) / 1_000_000n);
}
