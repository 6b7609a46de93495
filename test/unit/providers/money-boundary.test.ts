import { describe, expect, it } from "vitest";
import {
  ardorDepositAddressSchema,
  ardorPaymentSchema,
  toPayment,
} from "../../../src/providers/ardor/schemas.js";
import { lumoBalanceSchema, lumoQuoteSchema } from "../../../src/providers/lumo/schemas.js";
import { decimalMoney, minorMoney, rateText } from "../../../src/providers/schemas.js";

describe("money at the provider boundary", () => {
  const rub = decimalMoney("RUB");

  it.each([
    ["USDT", 52.63, 52_630_000],
    ["USDT", "52.630000", 52_630_000],
    ["USDT", 1000.5, 1_000_500_000],
    ["USDT", 0.000001, 1],
    ["RUB", 5000.0, 500_000],
    ["RUB", "5000.00", 500_000],
    ["RUB", 0, 0],
    ["RUB", 1e3, 100_000],
  ] as const)("reads %s %j as %i minor units", (currency, value, minor) => {
    expect(decimalMoney(currency).parse(value)).toEqual({ minor, currency });
  });

  it.each([
    ["RUB", 0.1 + 0.2],
    ["USDT", 0.1 + 0.2],
    ["RUB", 5000.001],
    ["USDT", 52.6300001],
    ["RUB", -1],
    ["RUB", "12,50"],
    ["RUB", Number.NaN],
    ["RUB", 1e300],
    ["RUB", true],
  ] as const)("rejects %s %j", (currency, value) => {
    expect(decimalMoney(currency).safeParse(value).success).toBe(false);
  });

  it("explains the rejection without repeating the value", () => {
    const result = rub.safeParse(5000.001);
    expect(result.error?.issues[0]?.message).toBe(
      "must be a non-negative RUB amount with at most 2 decimals",
    );
  });

  it("takes kopecks only as whole, safe, non-negative numbers unless signed", () => {
    const kopecks = minorMoney("RUB");
    expect(kopecks.parse(125_000)).toEqual({ minor: 125_000, currency: "RUB" });
    for (const bad of [12.5, -1, 2 ** 53, "100"]) expect(kopecks.safeParse(bad).success).toBe(false);
    expect(minorMoney("RUB", { signed: true }).parse(-126_250).minor).toBe(-126_250);
  });

  it("keeps a rate as display text with two decimals at least", () => {
    expect(rateText.parse(95)).toBe("95.00");
    expect(rateText.parse(95.5)).toBe("95.50");
    expect(rateText.parse("95.1234")).toBe("95.1234");
    for (const bad of [0, -1, "abc", Number.POSITIVE_INFINITY])
      expect(rateText.safeParse(bad).success).toBe(false);
  });

  it("reads Lumo's documented examples exactly", () => {
    expect(
      lumoBalanceSchema.parse(JSON.parse('{"address":"TQn9","usdtBalance":1000.50,"trxBalance":100.00}')),
    ).toEqual({
      address: "TQn9",
      usdtBalance: { minor: 1_000_500_000, currency: "USDT" },
      trxBalance: { minor: 100_000_000, currency: "TRX" },
    });
    const quote = lumoQuoteSchema.parse(
      JSON.parse(
        '{"id":"550e8400-e29b-41d4-a716-446655440000","amountRub":5000.00,"amountUsdt":52.63,"rate":95.00,"expiresAt":"2026-03-10T12:00:30Z","isBalanceSufficient":true,"merchantName":"ООО Кофейня"}',
      ),
    );
    expect(quote).toMatchObject({
      amountRub: { minor: 500_000, currency: "RUB" },
      amountUsdt: { minor: 52_630_000, currency: "USDT" },
      rate: "95.00",
      expiresAt: new Date("2026-03-10T12:00:30Z"),
    });
  });

  it("reads ArdorQR's documented examples exactly", () => {
    const payment = ardorPaymentSchema.parse({
      id: "9c2e…",
      status: "resolved",
      merchantName: "ООО Ромашка",
      merchantBank: "Сбербанк",
      feeMinor: 0,
      totalMinor: 125_000,
      currency: "RUB",
      reference: "order-4821",
      expiresAt: "2026-06-19T12:10:00.000Z",
      operationId: null,
      failureReason: null,
    });
    expect(toPayment(payment)).toMatchObject({
      status: "quoted",
      amount: { minor: 125_000, currency: "RUB" },
      total: { minor: 125_000, currency: "RUB" },
      fee: { minor: 0, currency: "RUB" },
    });
    expect(
      ardorDepositAddressSchema.parse({
        address: "UQD...TON",
        network: "TON",
        asset: "USDT",
        minAmount: 0.5,
        feeBps: 150,
      }).minAmount,
    ).toEqual({ minor: 500_000, currency: "USDT" });
  });

  it("refuses an ArdorQR fee larger than the total", () => {
    const result = ardorPaymentSchema.safeParse({
      id: "p",
      status: "resolved",
      feeMinor: 2,
      totalMinor: 1,
      currency: "RUB",
    });
    expect(result.success).toBe(false);
  });
});
