import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMinor,
  formatAmount,
  formatMoney,
  MoneyError,
  parseAmountInput,
  parseRublesInput,
  toDecimalString,
  toMinor,
} from "../../src/money.js";

const NBSP = "\u00a0";

describe("toMinor", () => {
  it("converts provider decimals exactly", () => {
    expect(toMinor(52.63, "USDT")).toBe(52_630_000);
    expect(toMinor(5000.0, "RUB")).toBe(500_000);
    expect(toMinor("5000.00", "RUB")).toBe(500_000);
    expect(toMinor(1000.5, "USDT")).toBe(1_000_500_000);
    expect(toMinor(0.000001, "USDT")).toBe(1);
    expect(toMinor(95, "RUB")).toBe(9500);
    expect(toMinor("5000.000", "RUB")).toBe(500_000);
    expect(toMinor(-12.5, "RUB")).toBe(-1250);
  });

  it("rejects more decimals than the currency has, including float artefacts", () => {
    expect(() => toMinor(0.1 + 0.2, "RUB")).toThrow(MoneyError);
    expect(() => toMinor(0.1 + 0.2, "USDT")).toThrow(MoneyError);
    expect(() => toMinor(5000.001, "RUB")).toThrow(/more than 2 decimals/);
    expect(() => toMinor(1e-7, "USDT")).toThrow(MoneyError);
  });

  it("rejects what is not an amount", () => {
    for (const bad of ["", "12,5", "1.2.3", "abc", "0x10"])
      expect(() => toMinor(bad, "RUB")).toThrow(MoneyError);
    expect(() => toMinor(Number.NaN, "RUB")).toThrow(MoneyError);
    expect(() => toMinor(Number.POSITIVE_INFINITY, "RUB")).toThrow(MoneyError);
    expect(() => toMinor(1e300, "RUB")).toThrow(/out of range/);
  });

  it("round-trips every kopeck amount through its decimal text", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (minor) => {
        expect(toMinor(toDecimalString(minor, "RUB"), "RUB")).toBe(minor);
        expect(toMinor(Number(toDecimalString(minor, "RUB")), "RUB")).toBe(minor);
      }),
    );
  });
});

describe("formatMoney", () => {
  it("formats rubles the ru-RU way", () => {
    expect(formatMoney(500_000, "RUB")).toBe(`5${NBSP}000,00${NBSP}₽`);
    expect(formatMoney(399, "RUB")).toBe(`3,99${NBSP}₽`);
    expect(formatMoney(5, "RUB")).toBe(`0,05${NBSP}₽`);
    expect(formatMoney(123_456_789_00, "RUB")).toBe(`123${NBSP}456${NBSP}789,00${NBSP}₽`);
    expect(formatMoney(-150, "RUB")).toBe(`-1,50${NBSP}₽`);
  });

  it("matches Intl's ru-RU grouping", () => {
    const intl = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9e12 }), (minor) => {
        expect(formatMoney(minor, "RUB").replace(`${NBSP}₽`, "")).toBe(intl.format(minor / 100));
      }),
    );
  });

  it("trims crypto amounts to what matters", () => {
    expect(formatMoney(52_630_000, "USDT")).toBe(`52,63${NBSP}USDT`);
    expect(formatMoney(1, "USDT")).toBe(`0,000001${NBSP}USDT`);
    expect(formatMoney(1_000_500_000, "USDT", "en")).toBe(`1,000.50${NBSP}USDT`);
  });
});

describe("addMinor and parseRublesInput", () => {
  it("adds integers and refuses unsafe ones", () => {
    expect(addMinor(1, 2, 3)).toBe(6);
    expect(() => addMinor(0.5)).toThrow(MoneyError);
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(MoneyError);
  });

  it("understands how people type rubles", () => {
    expect(parseRublesInput("5000")).toBe(500_000);
    expect(parseRublesInput("5 000,50")).toBe(500_050);
    expect(parseRublesInput(`1${NBSP}234,5 ₽`)).toBe(123_450);
    expect(parseRublesInput("10 руб.")).toBe(1000);
    for (const bad of ["", "0", "-5", "1,234,567", "5.555", "abc"]) expect(parseRublesInput(bad)).toBeNull();
  });
});

describe("formatAmount and parseAmountInput (a field labelled with its currency)", () => {
  it("shows the number as formatMoney does, without the symbol", () => {
    expect(formatAmount(500_000, "RUB")).toBe(`5${NBSP}000,00`);
    expect(formatAmount(1_000_500_000, "USDT")).toBe(`1${NBSP}000,50`);
    expect(formatMoney(500_000, "RUB")).toBe(`${formatAmount(500_000, "RUB")}${NBSP}₽`);
  });

  it("reads back what it shows, and what people type", () => {
    expect(parseAmountInput(`5${NBSP}000,00`, "RUB")).toBe(500_000);
    expect(parseAmountInput("5 000,5", "RUB")).toBe(500_050);
    expect(parseAmountInput("5000.5", "RUB")).toBe(500_050);
    expect(parseAmountInput("1\u202f000,000001", "USDT")).toBe(1_000_000_001);
    expect(parseAmountInput("0", "RUB")).toBe(0);
    for (const bad of ["", "-5", "1,000.50", "1.000,50", "5,555", "5e3", "abc", "9".repeat(30)])
      expect(parseAmountInput(bad, "RUB")).toBeNull();
  });

  it("round-trips every amount, in kopecks and in micro-USDT", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (minor) => {
        expect(parseAmountInput(formatAmount(minor, "RUB"), "RUB")).toBe(minor);
        expect(parseAmountInput(formatAmount(minor, "USDT"), "USDT")).toBe(minor);
      }),
    );
  });
});
