import { describe, expect, it } from "vitest";
import { toDecimalNumber } from "../../../src/money.js";
import { invoiceStatus } from "../../../src/providers/invoice-reading.js";
import {
  merchantOrderSchema,
  toInvoice as toMerchantInvoice,
} from "../../../src/providers/merchant/schemas.js";
import {
  MERIDIAN_STATUSES,
  meridianInvoiceSchema,
  readMeridianError,
  toInvoice,
} from "../../../src/providers/meridian/schemas.js";
import { decimalMoney } from "../../../src/providers/schemas.js";

const meridian = (fields: Record<string, unknown>) =>
  toInvoice(
    meridianInvoiceSchema.parse({
      id: "inv-1",
      status: "new",
      amount: "1500",
      currency: "RUB",
      internalId: "qrpay-inv-1",
      ...fields,
    }),
  );

describe("money into the invoice providers", () => {
  it.each([
    [150_000, 1500, "1500"],
    [150_050, 1500.5, "1500.5"],
    [150_055, 1500.55, "1500.55"],
    [1, 0.01, "0.01"],
  ])("sends %i kopecks as the JSON number %d", (minor, value, json) => {
    expect(toDecimalNumber(minor, "RUB")).toBe(value);
    expect(JSON.stringify({ amount: toDecimalNumber(minor, "RUB") })).toBe(`{"amount":${json}}`);
  });

  it("sends USDT micro-units with up to 6 decimals and refuses what a double cannot carry", () => {
    expect(toDecimalNumber(983_000, "USDT")).toBe(0.983);
    expect(() => toDecimalNumber(9_007_199_254_740_991, "RUB")).toThrow(/exact number/);
  });

  it("reads a signed amount only when asked to", () => {
    expect(decimalMoney("USDT", { signed: true }).parse(-0.098)).toEqual({
      minor: -98_000,
      currency: "USDT",
    });
    expect(decimalMoney("USDT").safeParse(-0.098).success).toBe(false);
  });
});

describe("Meridian answers", () => {
  it.each([
    ["1500", 150_000],
    ["1500.5", 150_050],
    ["1500.50", 150_050],
    [1500.5, 150_050],
  ])("reads the amount %j as %i kopecks", (amount, minor) => {
    const invoice = meridian({ amount });
    expect(invoice.amount).toEqual({ minor, currency: "RUB" });
    expect(invoice.problems).toBeUndefined();
  });

  it.each([
    ["1500.505", 'amount "1500.505" has more than 2 decimals for RUB'],
    ["-1500", 'amount "-1500" is negative'],
    ["15 00", 'amount "15 00" is not a RUB amount'],
    [undefined, "amount is missing"],
  ])("keeps the invoice but never its amount %j: %s", (amount, problem) => {
    const invoice = meridian({ amount });
    expect(invoice).toMatchObject({ providerId: "inv-1", status: "pending", problems: [problem] });
    expect(invoice.amount).toBeUndefined();
  });

  it("refuses an amount in another currency, and an invoice going out", () => {
    expect(meridian({ currency: "USDT", direction: "out" })).toMatchObject({
      amount: undefined,
      problems: ['direction "out" is not "in"', 'currency "USDT" is not RUB'],
    });
  });

  it("maps every documented status, processing too, and anything else to unknown", () => {
    expect(
      Object.fromEntries(Object.keys(MERIDIAN_STATUSES).map((s) => [s, meridian({ status: s }).status])),
    ).toEqual({
      new: "pending",
      processing: "processing",
      paid: "paid",
      expired: "expired",
      canceled: "cancelled",
      dispute: "disputed",
    });
    for (const name of ["cancelled", "PAID", "toString", "__proto__"]) {
      expect(invoiceStatus(MERIDIAN_STATUSES, name)).toBe("unknown");
    }
  });

  it("reads the requisites string inside the JSON, every key in order, unknown keys too", () => {
    const invoice = meridian({
      paymentMethod: "TO_CARD",
      paymentOption: "tinkoff",
      dealRequisites: JSON.stringify({
        bankName: "Т-Банк",
        cardNumber: "2200 7001 2345 6789",
        fullName: "Анна Смирнова",
        comment: "без комментария",
        bik: 44525974,
        extra: null,
      }),
      dealRate: "95.5",
    });
    expect(invoice).toMatchObject({ method: "card", bank: "tinkoff", rate: "95.50" });
    expect(invoice.requisites).toEqual([
      { key: "bankName", value: "Т-Банк" },
      { key: "cardNumber", value: "2200 7001 2345 6789" },
      { key: "fullName", value: "Анна Смирнова" },
      { key: "comment", value: "без комментария" },
      { key: "bik", value: "44525974" },
      { key: "extra", value: "" },
    ]);
  });

  it("flags requisites it cannot read instead of showing something wrong", () => {
    expect(meridian({ dealRequisites: "{broken" }).problems).toEqual(["dealRequisites is not a JSON object"]);
    const long = meridian({ dealRequisites: '{"cardNumber":2200700123456789012,"fullName":"A"}' });
    expect(long.requisites).toEqual([{ key: "fullName", value: "A" }]);
    expect(long.problems).toEqual(["dealRequisites.cardNumber is a number too long to read exactly"]);
  });

  it("compares a create's answer with what was asked", () => {
    const wire = meridianInvoiceSchema.parse({ id: "i", status: "new", amount: "1400", internalId: "other" });
    expect(
      toInvoice(wire, { reference: "mine", amount: { minor: 150_000, currency: "RUB" } }).problems,
    ).toEqual([
      'amount "1400" differs from the 150000 kopecks asked for',
      'internalId "other" is not the reference "mine"',
    ]);
  });

  it("knows the 503 «Нет доступных реквизитов» from any other error", () => {
    expect(readMeridianError({ error: "Нет доступных реквизитов" })).toEqual({
      code: undefined,
      message: "Нет доступных реквизитов",
      kind: "no_requisites",
    });
    expect(readMeridianError({ error: "Service Unavailable" })).toEqual({
      code: undefined,
      message: "Service Unavailable",
    });
    expect(readMeridianError("<html>")).toEqual({});
  });
});

describe("merchant API answers", () => {
  const order = (fields: Record<string, unknown>) =>
    toMerchantInvoice(
      merchantOrderSchema.parse({
        uuid: "ord-1",
        status: "pending",
        amount_local: 100,
        amount_usdt: 0.983,
        merchant_commission: -0.098,
        currency: "RUB",
        payment_url: "https://pay.example/ord-1",
        expires_at: "2026-06-19T12:15:00Z",
        merchant_order_id: "12345",
        ...fields,
      }),
    );

  it("reads RUB, credited USDT and the signed commission exactly", () => {
    expect(order({})).toEqual({
      provider: "merchant",
      providerId: "ord-1",
      reference: "12345",
      status: "pending",
      providerStatus: "pending",
      amount: { minor: 10_000, currency: "RUB" },
      creditedUsdt: { minor: 983_000, currency: "USDT" },
      commission: { minor: -98_000, currency: "USDT" },
      method: "link",
      paymentUrl: "https://pay.example/ord-1",
      expiresAt: new Date("2026-06-19T12:15:00Z"),
    });
    expect(order({ amount_local: "1500.5", expires_at: 1_781_871_300 })).toMatchObject({
      amount: { minor: 150_050 },
      expiresAt: new Date(1_781_871_300_000),
    });
  });

  it.each([
    [{ amount_local: 100.005 }, "amount_local 100.005 has more than 2 decimals for RUB"],
    [{ amount_local: -100 }, "amount_local -100 is negative"],
    [{ amount_usdt: -0.983 }, "amount_usdt -0.983 is negative"],
    [{ amount_usdt: 0.0000001 }, "amount_usdt 1e-7 has more than 6 decimals for USDT"],
    [{ currency: "USD" }, 'currency "USD" is not RUB'],
    [{ payment_url: "javascript:alert(1)" }, 'payment_url "javascript:alert(1)" is not an http(s) URL'],
  ])("turns %j into a problem", (fields, problem) => {
    expect(order(fields).problems).toEqual([problem]);
  });

  it("maps its statuses and nothing else", () => {
    expect(
      ["pending", "paid", "timeout", "canceled", "expired", "success"].map(
        (s) => order({ status: s }).status,
      ),
    ).toEqual(["pending", "paid", "expired", "cancelled", "unknown", "unknown"]);
  });
});
