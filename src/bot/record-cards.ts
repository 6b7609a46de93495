import type { Api, InlineKeyboard } from "grammy";
import type { LifeRecord } from "../lifecycle/record.js";
import type { Logger } from "../logger.js";
import { type CardRef, editCard, sendNotice } from "./card-messages.js";
import { CardQueue } from "./card-queue.js";
import type { Translate } from "./views/format.js";

/** A money record with a card in a chat (an invoice, a top-up order). */
export interface CardRecord extends LifeRecord {
  card?: CardRef;
  chatId: number;
  locale: string;
}

export interface RecordCardsDeps<R extends CardRecord> {
  api: Api;
  logger: Logger;
  translator(locale: string): Translate;
  render(record: R, t: Translate): { text: string; keyboard: InlineKeyboard | undefined };
  notice(record: R, t: Translate): string | undefined;
  isFinal(state: R["state"]): boolean;
}

/**
 * A record's card through its life, and its one final notification: draws in order, never
 * backwards, and only when the card would look different (polls redraw countdowns).
 */
export class RecordCards<R extends CardRecord> {
  private readonly queue = new CardQueue();
  private readonly shown = new Map<string, string>();

  constructor(private readonly deps: RecordCardsDeps<R>) {}

  draw(record: R): Promise<void> {
    const { card } = record;
    if (!card) return Promise.resolve();
    return this.queue.run(record.id, record.history.length, () => {
      const view = this.deps.render(record, this.deps.translator(record.locale));
      const look = JSON.stringify([view.text, view.keyboard?.inline_keyboard]);
      if (this.shown.get(record.id) === look) return Promise.resolve();
      if (this.deps.isFinal(record.state)) this.shown.delete(record.id);
      else this.shown.set(record.id, look);
      return editCard(this.deps.api, card, view);
    });
  }

  /** Best effort: a failed edit is logged, the next change draws it again. */
  async changed(record: R): Promise<void> {
    try {
      await this.draw(record);
    } catch (err) {
      this.deps.logger.warn({ err, recordId: record.id }, "could not update the card");
    }
  }

  /** The final card and the one notice; throwing means "try again later". */
  async finalized(record: R): Promise<void> {
    await this.draw(record);
    const notice = this.deps.notice(record, this.deps.translator(record.locale));
    if (!notice) return;
    await sendNotice(
      this.deps.api,
      this.deps.logger,
      { chatId: record.chatId, recordId: record.id, ...(record.card ? { card: record.card } : {}) },
      notice,
    );
  }
}
