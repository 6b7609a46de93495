import { describe, expect, it } from "vitest";
import { crc16CcittFalse, crc16Hex } from "../../../src/payment-codes/index.js";

describe("crc16CcittFalse", () => {
  it("matches the CRC-16/CCITT-FALSE check value", () => {
    expect(crc16CcittFalse(new TextEncoder().encode("123456789"))).toBe(0x29b1);
  });

  it("gives the SBP vectors from the issue", () => {
    expect(
      crc16Hex(
        "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB",
      ),
    ).toBe("D590");
    expect(crc16Hex("https://sub.nspk.ru/AB1S002LBQ7PDTTE88HQ1SE2PVFVTP04?type=03&bank=100000000111")).toBe(
      "3B02",
    );
  });

  it("pads to four upper-case digits", () => {
    expect(crc16Hex("")).toBe("FFFF");
    expect(crc16Hex("x")).toMatch(/^[0-9A-F]{4}$/);
  });
});
