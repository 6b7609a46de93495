import { buttons } from "../../src/bot/callback-data.js";
import type { PaymentRecord } from "../../src/payments/types.js";
import type { PersonKey } from "../../src/playground/people.js";
import type { Playground } from "../../src/playground/runner.js";
import type { ChatMessage } from "../../src/sandbox/telegram/index.js";
import type { Driver } from "./driver.js";

/**
 * The main screens, in the order a person meets them. Buttons are found by what they do (their
 * callback data, `src/bot/callback-data.ts`), never by their words, so the script keeps working
 * while the texts change.
 */

interface Button {
  text: string;
  callback_data?: string;
}

const keys = (m: ChatMessage): Button[] =>
  ((m.message.reply_markup?.inline_keyboard ?? []) as Button[][]).flat();
const dataOf = (m: ChatMessage, test: (data: string) => boolean) =>
  keys(m).find((b) => b.callback_data !== undefined && test(b.callback_data))?.callback_data;
const has = (test: (data: string) => boolean) => (m: ChatMessage) => dataOf(m, test) !== undefined;

const isPay = (data: string) => buttons.pay.unpack(data) !== undefined;
const isOption = (index: number) => (data: string) => buttons.receiveOption.unpack(data)?.index === index;
const isInvoice = (data: string) => buttons.forwardInvoice.unpack(data) !== undefined;

export interface Scene {
  name: string;
  /** Whose chat the picture shows. */
  who: PersonKey;
  run(d: Driver): Promise<void>;
  /** Pictures of the whole page after the chat's (the overview, the phone). */
  after?(d: Driver): Promise<void>;
}

export function scenes(
  pg: Playground,
  lang: "ru" | "en",
  extra: { page(d: Driver): Promise<void> },
): Scene[] {
  const payment = (id: string) => pg.app.stores.payments.get(id);
  const reply = async (d: Driver, who: PersonKey, text: string, what: string) =>
    d.botMessage(who, await d.say(who, text), what);

  /** The payer sends the sharp SBP sample; the quote card, and its payment id and Pay data. */
  const quote = async (d: Driver) => {
    const card = await d.botMessage("payer", await d.sample("payer", "sbp"), "the quote card", has(isPay), [
      "message",
      "edit",
    ]);
    const pay = dataOf(card, isPay)!;
    return { card, pay, id: buttons.pay.unpack(pay)!.id };
  };
  /** Presses Pay and waits for the payment to reach one of `states`, and the chats to settle. */
  const pay = async (d: Driver, states: PaymentRecord["state"][]) => {
    const { card, pay: data, id } = await quote(d);
    await d.settle("payer");
    await d.press("payer", card.messageId, data);
    await d.until(`payment ${id} to be ${states.join(" or ")}`, async () =>
      states.includes((await payment(id))?.state ?? "quoted"),
    );
  };
  /** Answers each question of a dialog with its first option until `done` (given the step) holds. */
  const dialog = async (
    d: Driver,
    who: PersonKey,
    text: string,
    done: (m: ChatMessage, step: number) => boolean,
  ) => {
    let since = await d.say(who, text);
    for (let step = 0; step < 5; step++) {
      const next = await d.botMessage(
        who,
        since,
        `step ${step + 1} of ${text}`,
        (m) => done(m, step) || has(isOption(0))(m),
        // A card may come as "creating…" first and get its buttons by an edit.
        ["message", "edit"],
      );
      if (done(next, step)) return next;
      since = await d.press(who, next.messageId, dataOf(next, isOption(0))!);
    }
    throw new Error(`${text}: the dialog did not end`);
  };

  return [
    {
      name: "01-start-help",
      who: "payer",
      run: async (d) => {
        for (const who of ["admin", "payer"] as const) await reply(d, who, `/language ${lang}`, "/language");
        await reply(d, "payer", "/start", "the greeting");
        await reply(d, "payer", "/help", "the help");
      },
    },
    {
      name: "02-quote-card",
      who: "payer",
      run: async (d) => void (await quote(d)),
    },
    {
      name: "03-paid-card",
      who: "payer",
      run: (d) => pay(d, ["succeeded"]),
      after: extra.page,
    },
    {
      name: "04-failed-card",
      who: "payer",
      run: async (d) => {
        await d.panel("/api/panel/lumo", { action: "failNextPayment" });
        await pay(d, ["failed"]);
      },
    },
    {
      name: "05-approval-request",
      who: "admin",
      run: async (d) => {
        // A per-payment limit under the sample's 1 250 ₽: the payment goes to the administrator.
        await reply(d, "admin", `/limits ${pg.people.payer.id} 1000 5000`, "the new limits");
        await pay(d, ["awaiting_approval"]);
        await d.settle("admin");
      },
    },
    {
      name: "06-history",
      who: "payer",
      run: async (d) => void (await reply(d, "payer", "/history", "the history")),
    },
    {
      name: "07-receive-invoice",
      who: "payer",
      run: async (d) => void (await dialog(d, "payer", "/receive 1500", has(isInvoice))),
    },
    {
      name: "08-topup-preview",
      who: "admin",
      // Which provider (the first), then the preview, which asks with the same option buttons.
      run: async (d) =>
        void (await dialog(d, "admin", "/topup 30000", (m, step) => step === 1 && has(isOption(0))(m))),
    },
    {
      name: "09-users",
      who: "admin",
      run: async (d) => void (await reply(d, "admin", "/users", "the team")),
    },
  ];
}
