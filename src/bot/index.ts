import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotError, Composer, type StorageAdapter, session } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { AuditTrail } from "../audit/trail.js";
import type { ProviderName } from "../config.js";
import type { InvoiceService } from "../invoices/service.js";
import type { BackgroundTasks } from "../lib/background-tasks.js";
import { lazyChild } from "../lib/lazy-logger.js";
import type { Logger } from "../logger.js";
import type { CompanyLimits } from "../payments/limits.js";
import type { OutageAlert } from "../payments/outages.js";
import type { PaymentService } from "../payments/service.js";
import type { TeamService } from "../team/service.js";
import type { RunwayAlert } from "../topups/runway.js";
import type { TopupService } from "../topups/service.js";
import { adminOnly } from "./admin.js";
import type { CommandSpec } from "./commands.js";
import type { BotContext, SessionData } from "./context.js";
import { accessFeature } from "./features/access.js";
import { approvalsFeature } from "./features/approvals.js";
import { auditFeature } from "./features/audit.js";
import { balanceCommands, balanceFeature } from "./features/balance.js";
import { depositCommands, depositFeature, showDeposit } from "./features/deposit.js";
import { exportCommands, exportFeature } from "./features/export.js";
import { helpCommands, helpFeature } from "./features/help.js";
import { historyCommands, historyFeature } from "./features/history.js";
import { languageCommands, languageFeature } from "./features/language.js";
import { limitsCommands, limitsFeature } from "./features/limits.js";
import { createMiniAppScan } from "./features/miniapp.js";
import { payCommands, payFeature } from "./features/pay.js";
import { chosenProvider, providerCommands, providerFeature, providerFor } from "./features/provider.js";
import { receiveCommands, receiveFeature } from "./features/receive.js";
import { type QrReader, scanFeature } from "./features/scan.js";
import { startCommands, startFeature } from "./features/start.js";
import { statementCommands, statementFeature } from "./features/statement.js";
import { teamFeature } from "./features/team.js";
import { topupFeature } from "./features/topup.js";
import { createI18n, localeFor } from "./i18n.js";
import { InvoiceNotifier } from "./invoice-notifier.js";
import { Notifier } from "./notifier.js";
import { TopupNotifier } from "./topup-notifier.js";
import { outageText } from "./views/provider-error.js";

export interface BotDeps {
  token: string;
  apiRoot: string;
  logger: Logger;
  sessionStorage: StorageAdapter<SessionData>;
  /** Where half-finished dialogs live (Redis in production), so a restart does not lose them. */
  conversationStorage: StorageAdapter<unknown>;
  /** Skip getMe when the identity is already known (tests, a second instance). */
  botInfo?: UserFromGetMe;
  /** Updates being handled are tracked here, so shutdown can let them finish. */
  inFlight: BackgroundTasks;
  service: PaymentService;
  invoices: InvoiceService;
  topups: TopupService;
  /** Registers who tells the administrators about a low balance. */
  onRunwayAlert(notify: (alert: RunwayAlert) => Promise<void>): void;
  /** Registers who tells the administrators that a provider stopped answering. */
  onOutageAlert(notify: (alert: OutageAlert) => Promise<void>): void;
  qr: QrReader;
  /** PNG of a QR code (top-up addresses). */
  renderQr: (text: string) => Promise<Uint8Array>;
  team: TeamService;
  audit: AuditTrail;
  company: CompanyLimits;
  timeZone: string;
  defaultProvider: ProviderName | undefined;
  maxFileBytes: number;
  /** The Mini App scanner's address (PUBLIC_URL/app/scan); undefined: no scanner buttons. */
  miniAppUrl: string | undefined;
}

/** Updates of one chat, and of one person, are handled one at a time, in order. */
export const sequentialKey = (ctx: BotContext): string[] =>
  [ctx.chat?.id, ctx.from?.id].filter((id) => id !== undefined).map(String);

export function createBot(deps: BotDeps) {
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  // Rate limits and Telegram's transient 5xx are retried; other errors surface to the handlers.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  const i18n = createI18n();
  const { team } = deps;
  const notifier = new Notifier({
    api: bot.api,
    i18n,
    logger: deps.logger,
    timeZone: deps.timeZone,
    admins: () => team.admins(),
    localeOf: async (userId) =>
      localeFor((await deps.sessionStorage.read(String(userId)))?.__language_code, undefined),
  });
  deps.service.observe(notifier);
  const invoiceNotifier = new InvoiceNotifier({
    api: bot.api,
    notifier,
    logger: deps.logger,
    timeZone: deps.timeZone,
    renderQr: deps.renderQr,
    alternatives: (record) => ({
      otherServices: deps.invoices.providerNames.some((name) => name !== record.choice.provider),
      otherBanks: deps.invoices.banks(record.choice.provider).length > 1,
    }),
  });
  deps.invoices.observe(invoiceNotifier);
  const topupTargets = () => deps.topups.targets(deps.service.providerNames);
  const topupNotifier = new TopupNotifier({
    api: bot.api,
    notifier,
    logger: deps.logger,
    timeZone: deps.timeZone,
    canExchange: (provider) => topupTargets().includes(provider),
  });
  deps.topups.observe(topupNotifier);
  deps.onRunwayAlert((alert) => topupNotifier.lowBalance(alert));
  deps.onOutageAlert((alert) => notifier.toAdmins((t) => outageText(t, alert)));
  const choice = { names: deps.service.providerNames, defaultProvider: deps.defaultProvider };
  const { miniAppUrl } = deps;
  const depositDeps = { service: deps.service, renderQr: deps.renderQr, exchangeTargets: topupTargets };
  const administration = [
    teamFeature({ team, company: deps.company, i18n, timeZone: deps.timeZone }),
    auditFeature({ audit: deps.audit, timeZone: deps.timeZone }),
    approvalsFeature({ service: deps.service }),
    topupFeature({ topups: deps.topups, notifier: topupNotifier, i18n, targets: topupTargets }),
  ];
  const features: Array<{ commands: CommandSpec[]; composer: Composer<BotContext> }> = [
    // First the gate: nothing below it sees a stranger's update, nor starts a dialog.
    { commands: [], composer: accessFeature({ team, notifier, miniAppUrl }) },
    { commands: [], composer: dialogs(deps.conversationStorage) },
    { commands: startCommands, composer: startFeature({ miniAppUrl }) },
    { commands: helpCommands, composer: helpFeature(() => commands, { miniAppUrl }) },
    { commands: languageCommands, composer: languageFeature() },
    { commands: balanceCommands, composer: balanceFeature({ service: deps.service }) },
    { commands: depositCommands, composer: depositFeature(depositDeps) },
    {
      commands: historyCommands,
      composer: historyFeature({
        service: deps.service,
        invoices: deps.invoices,
        topups: deps.topups,
        timeZone: deps.timeZone,
      }),
    },
    {
      commands: statementCommands,
      composer: statementFeature({ service: deps.service, timeZone: deps.timeZone }),
    },
    { commands: limitsCommands, composer: limitsFeature({ team, company: deps.company }) },
    {
      commands: exportCommands,
      composer: exportFeature({
        audit: deps.audit,
        payments: deps.service,
        invoices: deps.invoices,
        topups: deps.topups,
        timeZone: deps.timeZone,
      }),
    },
    // Administrators only, behind one check.
    { commands: administration.flatMap((f) => f.commands), composer: adminOnly(administration) },
    { commands: providerCommands, composer: providerFeature(choice) },
    {
      commands: receiveCommands,
      composer: receiveFeature({
        invoices: deps.invoices,
        notifier: invoiceNotifier,
        i18n,
        timeZone: deps.timeZone,
        renderQr: deps.renderQr,
      }),
    },
    {
      commands: payCommands,
      composer: payFeature({
        service: deps.service,
        notifier,
        showDeposit: (ctx, provider) => showDeposit(ctx, depositDeps, provider),
      }),
    },
    {
      commands: [],
      composer: scanFeature({
        qr: deps.qr,
        service: deps.service,
        notifier,
        fileUrl: (path) => `${deps.apiRoot}/file/bot${deps.token}/${path}`,
        maxFileBytes: deps.maxFileBytes,
        providerFor: (ctx) => providerFor(ctx, choice),
        miniAppUrl,
      }),
    },
  ];
  const commands = features.flatMap((f) => f.commands);
  // A code from the Mini App scanner's POST, answered like a pasted link but outside any update.
  const scanFromMiniApp = createMiniAppScan({
    api: bot.api,
    i18n,
    team,
    sessionStorage: deps.sessionStorage,
    service: deps.service,
    notifier,
    providerOf: (chosen) => chosenProvider(chosen, choice),
    logger: deps.logger,
    inFlight: deps.inFlight,
  });

  let lastHandledUpdateId: number | undefined;
  bot.use(sequentialize(sequentialKey));
  bot.use(async (ctx, next) => {
    ctx.logger = lazyChild(deps.logger, () => ({
      updateId: ctx.update.update_id,
      chatId: ctx.chat?.id,
      userId: ctx.from?.id,
    }));
    const started = performance.now();
    try {
      await deps.inFlight.track(next());
    } finally {
      lastHandledUpdateId = Math.max(lastHandledUpdateId ?? 0, ctx.update.update_id);
      if (deps.logger.isLevelEnabled("debug")) {
        ctx.logger.debug({ ms: Math.round(performance.now() - started) }, "update handled");
      }
    }
  });
  const guarded = bot.errorBoundary(handleError);
  guarded.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: deps.sessionStorage,
      // Preferences belong to a person, not to a chat: the same in a private chat and in a group.
      getSessionKey: (ctx) => ctx.from?.id.toString(),
    }),
  );
  guarded.use(i18n);
  for (const feature of features) guarded.use(feature.composer);
  guarded.on("message:text", (ctx) => {
    const command = ctx.message.text.split(/\s/, 1)[0] ?? "";
    // In a group only a command addressed to this bot by name is ours to answer.
    const ours = command.includes("@")
      ? command.endsWith(`@${ctx.me.username}`)
      : ctx.chat.type === "private";
    if (command.startsWith("/") && ours) return ctx.reply(ctx.t("unknown-command"));
  });
  // Every button press gets an answer, even one from a card older than the bot's memory.
  guarded.on("callback_query", (ctx) => ctx.answerCallbackQuery(ctx.t("error-button-stale")));

  return {
    bot,
    i18n,
    commands,
    notifier,
    scanFromMiniApp,
    lastHandledUpdateId: () => lastHandledUpdateId,
  };
}

export type CreatedBot = ReturnType<typeof createBot>;

/** The conversations plugin, its state kept per person and chat in the given storage. */
function dialogs(storage: StorageAdapter<unknown>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    conversations({
      storage: {
        type: "key",
        adapter: storage as never,
        getStorageKey: (ctx) => (ctx.chat && ctx.from ? `${ctx.chat.id}:${ctx.from.id}` : undefined),
      },
    }),
  );
  return composer;
}

async function handleError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  ctx.logger?.error({ err: error.error }, "update failed");
  // Tell the person, if we can still talk; never let the apology itself throw.
  const text = typeof ctx.t === "function" ? ctx.t("error-generic") : "😕 Что-то пошло не так.";
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: text.slice(0, 200) });
    else if (ctx.chat) await ctx.reply(text);
  } catch (err) {
    ctx.logger?.warn({ err }, "could not report the error to the user");
  }
}
