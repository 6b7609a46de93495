import type { Composer } from "grammy";
import { recordIdPattern } from "../lifecycle/ids.js";
import { PAYMENT_ID_PATTERN } from "../payments/ids.js";
import { PROVIDER_NAMES } from "../providers/registry.js";
import type { BotContext } from "./context.js";
import { LOCALES } from "./i18n.js";

/**
 * Every inline button's data, defined once: `pack` writes it, `filter` matches it (anchored, each
 * field to its own pattern, so a forged or stale value never reaches a handler), `unpack` reads it.
 * Data look like `pay:P7K2M9XW4TQ` — the format of cards already in people's chats.
 *
 * Why not the `callback-data` package (bot-base/telegram-bot-template's choice): its filter matches
 * any value (`(.+)?`) and its unpack does not validate, so every handler would re-check ids.
 */

interface Field<T> {
  /** A regular-expression source without anchors or groups. */
  pattern: string;
  read(text: string): T;
  write(value: T): string;
}

const text = (pattern: string): Field<string> => ({ pattern, read: (s) => s, write: (s) => s });

function oneOf<T extends string>(values: readonly T[]): Field<T> {
  return {
    pattern: values.map((v) => v.replace(/[^\w-]/g, "\\$&")).join("|"),
    read: (s) => s as T,
    write: (s) => s,
  };
}

export const fields = {
  paymentId: text(PAYMENT_ID_PATTERN),
  invoiceId: text(recordIdPattern("R")),
  topupId: text(recordIdPattern("T")),
  /** A Redis stream entry id (`1764614400000-0`), or the memory log's. */
  streamId: text("\\d{1,15}-\\d{1,10}"),
  auditFilter: text("-|\\d{1,15}|[PRT][0-9A-HJKMNP-TV-Z]{10}"),
  wholeRubles: { pattern: "\\d{1,9}", read: Number, write: String } satisfies Field<number>,
  index: { pattern: "\\d{1,2}", read: Number, write: String } satisfies Field<number>,
  /** A Telegram user id. */
  personId: { pattern: "\\d{1,15}", read: Number, write: String } satisfies Field<number>,
  /** An invite token (base64url). */
  inviteToken: text("[A-Za-z0-9_-]{10,64}"),
  provider: oneOf(PROVIDER_NAMES),
  locale: oneOf(LOCALES),
  oneOf,
};

type Values<F> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export interface Button<V> {
  readonly prefix: string;
  /** Matches exactly this button's data; use with `composer.callbackQuery`. */
  readonly filter: RegExp;
  pack(values: V): string;
  /** The values, or undefined when the data is not this button's. */
  unpack(data: string | undefined): V | undefined;
}

const MAX_BYTES = 64;

// biome-ignore lint/suspicious/noExplicitAny: a record of fields of different value types
export function defineButton<F extends Record<string, Field<any>>>(
  prefix: string,
  shape: F,
): Button<Values<F>> {
  const names = Object.keys(shape) as Array<keyof F & string>;
  const filter = new RegExp(`^${[prefix, ...names.map((n) => `(${shape[n]!.pattern})`)].join(":")}$`);
  return {
    prefix,
    filter,
    pack(values) {
      const data = [prefix, ...names.map((n) => shape[n]!.write(values[n]))].join(":");
      if (!filter.test(data)) throw new Error(`button ${prefix}: a value does not match its field`);
      if (Buffer.byteLength(data) > MAX_BYTES) throw new Error(`button ${prefix}: over ${MAX_BYTES} bytes`);
      return data;
    },
    unpack(data) {
      const match = data === undefined ? null : filter.exec(data);
      if (!match) return undefined;
      return Object.fromEntries(names.map((n, i) => [n, shape[n]!.read(match[i + 1]!)])) as Values<F>;
    },
  };
}

/** Registers a handler for a button, with its values read and checked. */
export function onButton<V>(
  composer: Composer<BotContext>,
  button: Button<V>,
  handler: (ctx: BotContext, values: V) => Promise<unknown>,
): void {
  composer.callbackQuery(button.filter, (ctx) => handler(ctx, button.unpack(ctx.callbackQuery.data)!));
}

/** Every button the bot draws. */
export const buttons = {
  pay: defineButton("pay", { id: fields.paymentId }),
  cancel: defineButton("cancel", { id: fields.paymentId }),
  requote: defineButton("requote", { id: fields.paymentId }),
  topUp: defineButton("topup", { provider: fields.provider }),
  approve: defineButton("approve", { id: fields.paymentId }),
  reject: defineButton("reject", { id: fields.paymentId }),
  revokeInvite: defineButton("invrev", { token: fields.inviteToken }),
  removePerson: defineButton("rm", { id: fields.personId }),
  keepPerson: defineButton("rm:no", {}),
  chooseProvider: defineButton("provider", { name: fields.provider }),
  chooseLanguage: defineButton("lang", { code: fields.locale }),
  forwardInvoice: defineButton("invfwd", { id: fields.invoiceId }),
  cancelInvoice: defineButton("invcancel", { id: fields.invoiceId }),
  retryInvoice: defineButton("invretry", { id: fields.invoiceId }),
  otherBankInvoice: defineButton("invbank", { id: fields.invoiceId }),
  otherServiceInvoice: defineButton("invother", { id: fields.invoiceId }),
  topupPaid: defineButton("tppaid", { id: fields.topupId }),
  /** «Пополнить через обменник» prefilled with a provider and an amount in whole rubles. */
  topupPrefill: defineButton("tpfill", { provider: fields.provider, rubles: fields.wholeRubles }),
  /** /audit's «Раньше»: the entry to page back from, and the filter (`-` for none). */
  auditOlder: defineButton("aud", { before: fields.streamId, filter: fields.auditFilter }),
  /** The /deposit page's «Через обменник». */
  topupStart: defineButton("tpstart", {}),
  /** A choice in a dialog (/receive, /topup, limits): its number in the list the dialog showed. */
  receiveOption: defineButton("rcv", { index: fields.index }),
};

/**
 * Menus drawn with @grammyjs/menu write their data themselves: `<menu>/<row>/<col>/<payload>/<hash>`.
 * A press finds its button by place in the menu as rendered for it now, and the hash (shape and
 * label) tells an outdated menu, so an old message's buttons need no state kept anywhere. We own
 * the menu ids (here, beside every other prefix) and the payload, read like any field.
 */
export const menuIds = {
  /** /users: the team as a list. */
  team: "team",
  /** One person: role, limits, removal. */
  person: "team-p",
  role: "team-r",
  removal: "team-x",
} as const;

/** Matches every press on the given menus (for the admin-only refusal). */
export function menuButtons(ids: readonly string[]): { readonly filter: RegExp } {
  return { filter: new RegExp(`^(?:${ids.map((id) => id.replace(/[^\w-]/g, "\\$&")).join("|")})/`) };
}

/** A menu button's payload (`ctx.match` in its handlers): one field, checked as a button's is. */
export function menuPayload<T>(field: Field<T>) {
  const exact = new RegExp(`^(?:${field.pattern})$`);
  return {
    pack(value: T): string {
      const text = field.write(value);
      if (!exact.test(text)) throw new Error("menu payload: the value does not match its field");
      return text;
    },
    unpack(match: unknown): T | undefined {
      return typeof match === "string" && exact.test(match) ? field.read(match) : undefined;
    },
  };
}

/** The person a team menu is about. */
export const personPayload = menuPayload(fields.personId);
/** A page of the team list (`p0`, `p1`…), apart from any person id. */
export const teamPagePayload = menuPayload<number>({
  pattern: "p\\d{1,3}",
  read: (s) => Number(s.slice(1)),
  write: (n) => `p${n}`,
});
