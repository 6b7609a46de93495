import { AuditTrail } from "../audit/trail.js";
import type { Config, ProviderName } from "../config.js";
import { InvoiceService } from "../invoices/service.js";
import type { InvoiceRecord } from "../invoices/types.js";
import type { Logger } from "../logger.js";
import { PaymentService } from "../payments/service.js";
import type { PaymentRecord } from "../payments/types.js";
import {
  createProviders,
  createReceiveProviders,
  RECEIVE_PROVIDERS,
  type ReceiveProviderName,
} from "../providers/registry.js";
import type { Stores } from "../store/types.js";
import { TeamService } from "../team/service.js";

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
  const payments = new PaymentService({
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
    audit: new AuditTrail(stores.audit),
    timerHandlers: () => ({ ...payments.timerHandlers(), ...invoices.timerHandlers() }),
    resume: async () => ({ payments: await payments.resume(), invoices: await invoices.resume() }),
  };
}

export type Services = ReturnType<typeof buildServices>;
