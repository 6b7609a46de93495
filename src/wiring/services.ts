import { AuditTrail } from "../audit/trail.js";
import type { Config, ProviderName } from "../config.js";
import { InvoiceService } from "../invoices/service.js";
import type { InvoiceRecord } from "../invoices/types.js";
import type { Logger } from "../logger.js";
import type { Money } from "../money.js";
import { type OutageAlert, ProviderOutages } from "../payments/outages.js";
import { PaymentService } from "../payments/service.js";
import type { PaymentRecord } from "../payments/types.js";
import {
  createExchanger,
  createProviders,
  createReceiveProviders,
  EXCHANGERS,
  RECEIVE_PROVIDERS,
  type ReceiveProviderName,
} from "../providers/registry.js";
import type { Stores } from "../store/types.js";
import { TeamService } from "../team/service.js";
import { Runway, type RunwayAlert } from "../topups/runway.js";
import { TopupService } from "../topups/service.js";
import type { TopupRecord } from "../topups/types.js";

/** The domain, built from the configuration: providers, the team, payments, invoices, the audit trail. */
export function buildServices(
  config: Config,
  stores: Stores<PaymentRecord>,
  logger: Logger,
  defer: (name: string, work: () => Promise<unknown>) => void,
) {
  const providerDeps = { logger, secrets: config.secrets, http: config.providerHttp };
  const providers = createProviders(config.providers, providerDeps);
  const receivers = createReceiveProviders(config.providers, providerDeps);
  const exchanger = createExchanger(config.providers, providerDeps);
  const spendProvider = (name: string) => providers[name as ProviderName];
  // The runway speaks through the bot, which registers itself once it is built.
  let runwayAlert: (alert: RunwayAlert) => Promise<void> = async () => {};
  let outageAlert: (alert: OutageAlert) => Promise<void> = async () => {};
  const outages = new ProviderOutages({
    alerts: stores.alerts,
    providers: Object.keys(providers) as ProviderName[],
    notify: (alert) => outageAlert(alert),
    logger,
  });
  const team = new TeamService({
    people: stores.people,
    invites: stores.invites,
    audit: stores.audit,
    spend: stores.spend,
    adminIds: config.adminIds,
    company: config.limits,
    inviteTtlSeconds: config.inviteTtlSeconds,
    timeZone: config.timeZone,
  });
  const payments: PaymentService = new PaymentService({
    store: stores.payments,
    timers: stores.timers,
    providers: { names: Object.keys(providers) as ProviderName[], get: (name) => providers[name] },
    logger,
    timings: {
      webhookGraceMs: config.payments.webhookGraceMs,
      pollInitialMs: config.payments.pollInitialMs,
      pollMaxMs: config.payments.pollMaxMs,
    },
    defer,
    spending: {
      store: stores.spend,
      company: config.limits,
      limitsFor: (id) => team.limitsOf(id),
      timeZone: config.timeZone,
    },
    hooks: {
      final: (record) => {
        if (record.state === "succeeded") void runway.check(record.provider);
      },
      shortOfMoney: (provider) => void runway.check(provider, "insufficient"),
      unavailable: (provider) => void outages.down(provider),
      available: (provider) => void outages.up(provider),
      deposit: async (deposit): Promise<boolean> => {
        const credited: boolean = await topups.depositCredited(deposit);
        if (credited) void runway.check(deposit.provider);
        return credited;
      },
    },
  });
  const runway = new Runway({
    provider: spendProvider,
    succeededSince: (provider, since) => payments.queries.succeededSince(provider, since),
    alerts: stores.alerts,
    ...(config.lowBalanceRubMinor !== undefined ? { lowBalanceRubMinor: config.lowBalanceRubMinor } : {}),
    notify: (alert) => runwayAlert(alert),
    logger,
  });
  const topups: TopupService = new TopupService({
    store: stores.records<TopupRecord>("top"),
    timers: stores.timers,
    exchanger,
    provider: spendProvider,
    spentSince: async (provider, since): Promise<Money> => {
      const spent = await payments.queries.succeededSince(provider, since);
      return { currency: "USDT", minor: spent.reduce((sum, p) => sum + p.quote.debit.minor, 0) };
    },
    rateHint: async () => {
      const recent = await stores.payments.recent({ limit: 50 });
      return recent.find((p) => p.quote.rate)?.quote.rate;
    },
    ipnUrl: `${config.bot.publicUrl ?? ""}${EXCHANGERS[0].webhook.path}`,
    logger,
    timings: { pollInitialMs: config.payments.pollInitialMs },
    defer,
  });
  const invoices = new InvoiceService({
    store: stores.records<InvoiceRecord>("inv"),
    timers: stores.timers,
    providers: {
      names: Object.keys(receivers),
      get: (name) => receivers[name as ReceiveProviderName],
    },
    notificationUrl: (name) =>
      `${config.bot.publicUrl ?? ""}${RECEIVE_PROVIDERS.find((d) => d.name === name)?.webhook.path ?? ""}`,
    logger,
    timings: { pollInitialMs: config.payments.pollInitialMs },
    defer,
  });
  return {
    providers,
    receivers,
    team,
    payments,
    invoices,
    exchanger,
    topups,
    runway,
    /** The bot tells the administrators about a low balance. */
    onRunwayAlert: (notify: (alert: RunwayAlert) => Promise<void>) => {
      runwayAlert = notify;
    },
    /** The bot tells the administrators that a provider stopped answering. */
    onOutageAlert: (notify: (alert: OutageAlert) => Promise<void>) => {
      outageAlert = notify;
    },
    audit: new AuditTrail(stores.audit),
    timerHandlers: () => ({
      ...payments.timerHandlers(),
      ...invoices.timerHandlers(),
      ...topups.timerHandlers(),
    }),
    resume: async () => ({
      payments: await payments.resume(),
      invoices: await invoices.resume(),
      topups: await topups.resume(),
    }),
  };
}

export type Services = ReturnType<typeof buildServices>;
