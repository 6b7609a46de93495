/**
 * Card edits of one payment go out one at a time and never backwards. Edits are background work: without
 * this, a slow "⏳ in progress" edit could land after the final card and leave it looking stuck. A draw
 * for a record with fewer transitions than one already drawn is skipped. Per process; across instances
 * the transitions themselves are ordered by Redis and each final card is drawn once by its claimer.
 */
export class CardQueue {
  private readonly cards = new Map<string, { drawn: number; tail: Promise<unknown>; pending: number }>();

  /** Runs `draw` after the payment's earlier draws, unless a later version was drawn meanwhile. */
  run(paymentId: string, version: number, draw: () => Promise<void>): Promise<void> {
    let card = this.cards.get(paymentId);
    if (!card) {
      card = { drawn: -1, tail: Promise.resolve(), pending: 0 };
      this.cards.set(paymentId, card);
    }
    const entry = card;
    entry.pending += 1;
    const turn = entry.tail.then(async () => {
      if (version < entry.drawn) return;
      entry.drawn = version;
      await draw();
    });
    entry.tail = turn
      .catch(() => undefined)
      .finally(() => {
        entry.pending -= 1;
        if (entry.pending === 0 && this.cards.get(paymentId) === entry) this.cards.delete(paymentId);
      });
    return turn;
  }

  /** Payments with a draw queued or running (for tests). */
  get size(): number {
    return this.cards.size;
  }
}
