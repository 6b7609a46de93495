import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePaymentCode } from "../../../src/payment-codes/index.js";

/** A single-byte encoder built from the platform's decoder (Node has no windows-1251 encoder). */
function singleByteEncoder(encoding: string): (text: string) => Uint8Array {
  const decoded = new TextDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const table = new Map([...decoded].map((char, byte) => [char, byte]));
  return (text) =>
    Uint8Array.from([...text], (char) => {
      const byte = table.get(char);
      if (byte === undefined) throw new Error(`${char} is not in ${encoding}`);
      return byte;
    });
}

const ENCODE: Record<string, (text: string) => Uint8Array> = {
  "1": singleByteEncoder("windows-1251"),
  "2": (text) => new TextEncoder().encode(text),
  "3": singleByteEncoder("koi8-r"),
};

const BODY =
  "Name=ООО 'Ромашка'|PersonalAcc=40702810138250123017|BankName=ПАО Сбербанк|BIC=044525225|" +
  "CorrespAcc=30101810400000000225|Sum=123450|Purpose=Оплата по счёту N 15|PayeeINN=7707083893|KPP=773601001";

describe("GOST R 56042-2014", () => {
  for (const [digit, encoding] of [
    ["1", "windows-1251"],
    ["2", "utf-8"],
    ["3", "koi8-r"],
  ] as const) {
    it(`decodes ${encoding} from the raw bytes`, () => {
      const bytes = ENCODE[digit]!(`ST0001${digit}|${BODY}`);
      expect(parsePaymentCode(bytes)).toEqual({
        kind: "gost",
        encoding,
        separator: "|",
        fields: {
          Name: "ООО 'Ромашка'",
          PersonalAcc: "40702810138250123017",
          BankName: "ПАО Сбербанк",
          BIC: "044525225",
          CorrespAcc: "30101810400000000225",
          Sum: "123450",
          Purpose: "Оплата по счёту N 15",
          PayeeINN: "7707083893",
          KPP: "773601001",
        },
        sumMinor: 123450,
        missing: [],
        warnings: [],
      });
    });
  }

  it("uses the 8th byte as the separator", () => {
    const code = parsePaymentCode("ST00012#Name=Иван#PersonalAcc=40702810138250123017#Sum=100");
    expect(code).toMatchObject({ kind: "gost", separator: "#", sumMinor: 100 });
    expect(code.kind === "gost" && code.missing).toEqual(["BankName", "BIC", "CorrespAcc"]);
  });

  it("reads a string that a decoder already produced", () => {
    const code = parsePaymentCode(`ST00012|${BODY}\r\n`);
    expect(code.kind === "gost" && code.fields.KPP).toBe("773601001");
  });

  it("warns about malformed fields", () => {
    const code = parsePaymentCode("ST00019|Name=X|BIC=12|PersonalAcc=1|Sum=12.50|Name=Y|PayeeINN=1");
    expect(code).toMatchObject({ kind: "gost", encoding: "utf-8", fields: { Name: "X" } });
    expect(code.kind === "gost" && code.sumMinor).toBeUndefined();
    expect(code.kind === "gost" && [...code.warnings].sort()).toEqual(
      ["bad_account", "bad_bic", "bad_inn", "bad_sum", "duplicate_field", "unknown_encoding"].sort(),
    );
  });
});

describe("parsePaymentCode", () => {
  it("classifies URLs and text", () => {
    expect(parsePaymentCode("https://example.com/pay?x=1")).toEqual({
      kind: "url",
      url: "https://example.com/pay?x=1",
      host: "example.com",
    });
    expect(parsePaymentCode("hello world")).toEqual({ kind: "text", text: "hello world" });
    expect(parsePaymentCode("")).toEqual({ kind: "text", text: "" });
  });

  it("reads bytes that are not UTF-8 as windows-1251", () => {
    expect(parsePaymentCode(ENCODE["1"]!("Привет"))).toEqual({ kind: "text", text: "Привет" });
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string().map((s) => `ST0001${s}`),
          fc.string().map((s) => `https://qr.nspk.ru/${s}`),
          fc.string().map((s) => `https://qr.nspk.ru/AB12?${s}&crc=${s}`),
          fc.webUrl(),
        ),
        (text) => {
          expect(["sbp", "gost", "url", "text"]).toContain(parsePaymentCode(text).kind);
        },
      ),
    );
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array(),
          fc.uint8Array().map((b) => Uint8Array.from([0x53, 0x54, 0x30, 0x30, 0x30, 0x31, ...b])),
        ),
        (bytes) => {
          expect(["sbp", "gost", "url", "text"]).toContain(parsePaymentCode(bytes).kind);
        },
      ),
    );
  });
});
