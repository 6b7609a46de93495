import type { Api } from "grammy";
import type { Logger } from "../logger.js";
import { topupLifecycle } from "../topups/lifecycle.js";
import type { RunwayAlert } from "../topups/runway.js";
import type { TopupObserver } from "../topups/service.js";
import type { TopupRecord } from "../topups/types.js";
import type { Notifier } from "./notifier.js";
import { RecordCards } from "./record-cards.js";
import { renderRunwayAlert, renderTopupCard, renderTopupNotice } from "./views/topup.js";

export interface TopupNotifierDeps {
  api: Api;
  notifier: Notifier;
  logger: Logger;
  timeZone: string;
  /** Whether the exchanger can top this provider up (then the alert carries a button). */
  canExchange(provider: string): boolean;
}

/** Top-ups' voice in Telegram, and the low-balance alert every administrator gets. */
export class TopupNotifier implements TopupObserver {
  private readonly cards: RecordCards<TopupRecord>;

  constructor(private readonly deps: TopupNotifierDeps) {
    this.cards = new RecordCards<TopupRecord>({
      api: deps.api,
      logger: deps.logger,
      translator: (locale) => deps.notifier.translator(locale),
      render: (record, t) => renderTopupCard(record, t, { locale: record.locale, timeZone: deps.timeZone }),
      notice: (record, t) => renderTopupNotice(record, t, record.locale),
      isFinal: (state) => topupLifecycle.isFinal(state),
    });
  }

  drawCard = (record: TopupRecord) => this.cards.draw(record);
  changed = (record: TopupRecord) => this.cards.changed(record);
  finalized = (record: TopupRecord) => this.cards.finalized(record);

  /** Tells every administrator, in their language, with a button to top up when the exchanger can. */
  async lowBalance(alert: RunwayAlert): Promise<void> {
    const canExchange = this.deps.canExchange(alert.provider);
    await this.deps.notifier.toAdmins((t, locale) => renderRunwayAlert(alert, t, locale, canExchange));
  }
}
