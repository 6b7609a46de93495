/** Meridian's invoice as the simulator keeps it, its wire shape, and deterministic fake requisites. */

import { toDecimalNumber } from "../../money.js";
import type { MeridianMethod } from "../../providers/meridian/schemas.js";

export interface MeridianSimInvoice {
  id: string;
  internalId: string;
  /** Any name: the controls can set one Meridian does not document. */
  status: string;
  paymentMethod: MeridianMethod;
  paymentOption: string;
  amountKopecks: number;
  /** RUB per USDT, decimal text. */
  dealRate: string;
  /** Absent when the invoice was created with `startDeal: false` (no trader, no requisites). */
  requisiteId?: string;
  requisites?: Record<string, string>;
  merchantName: string;
  notificationUrl: string;
  notificationToken: string;
  createdAt: number;
  updatedAt: number;
  expireAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Exactly the fields and order of the document's example answer. */
export function invoiceJson(invoice: MeridianSimInvoice) {
  return {
    id: invoice.id,
    direction: "in",
    status: invoice.status,
    paymentMethod: invoice.paymentMethod,
    paymentOption: invoice.paymentOption,
    // Rubles as a string, "for precision" as the document says: "1000", "1500.5".
    amount: String(toDecimalNumber(invoice.amountKopecks, "RUB")),
    currency: "RUB",
    expireAt: iso(invoice.expireAt),
    ...(invoice.requisiteId !== undefined && {
      requisiteId: invoice.requisiteId,
      dealRequisites: JSON.stringify(invoice.requisites),
    }),
    dealRate: invoice.dealRate,
    createdAt: iso(invoice.createdAt),
    updatedAt: iso(invoice.updatedAt),
    internalId: invoice.internalId,
    merchantName: invoice.merchantName,
  };
}

export type MeridianInvoiceJson = ReturnType<typeof invoiceJson>;

const BANK_NAMES: Record<string, string> = {
  sberbank: "Сбербанк",
  tinkoff: "Т-Банк",
  alfa: "Альфа-Банк",
  vtb: "ВТБ",
  raiffeisen: "Райффайзенбанк",
};

/** The first six digits of a card (plausible for the bank; these cards do not exist). */
const CARD_PREFIXES: Record<string, string> = {
  sberbank: "220220",
  tinkoff: "220070",
  alfa: "220015",
  vtb: "220024",
  raiffeisen: "220030",
};

const HOLDERS = [
  "Иван Петрович С.",
  "Анна Сергеевна К.",
  "Дмитрий Олегович М.",
  "Елена Викторовна Л.",
  "Алексей Игоревич Н.",
  "Мария Андреевна Б.",
  "Сергей Павлович Т.",
  "Ольга Николаевна Р.",
];

export function bankTitle(code: string): string {
  return BANK_NAMES[code] ?? code;
}

/** The n-th trader's requisites for a method and bank: the same n gives the same requisites. */
export function requisitesFor(method: MeridianMethod, bank: string, n: number): Record<string, string> {
  const bankName = bankTitle(bank);
  const fullName = HOLDERS[n % HOLDERS.length]!;
  if (method === "SBP") return { bankName, phone: phoneNumber(n), fullName };
  return { bankName, cardNumber: cardNumber(CARD_PREFIXES[bank] ?? "220000", n), fullName };
}

/** A 16-digit number with a valid Luhn check digit, grouped by four. */
export function cardNumber(prefix: string, n: number): string {
  const body = prefix + String((n * 7_919 + 1_234) % 1_000_000_000).padStart(9, "0");
  const digits = `${body}${luhnDigit(body)}`;
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

function phoneNumber(n: number): string {
  const digits = String((n * 104_729 + 5_550_000) % 1_000_000_000).padStart(9, "0");
  return `+7 (9${digits.slice(0, 2)}) ${digits.slice(2, 5)}-${digits.slice(5, 7)}-${digits.slice(7)}`;
}
