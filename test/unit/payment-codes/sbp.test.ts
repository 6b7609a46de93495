import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildSbpLink,
  parsePaymentCode,
  parseSbpLink,
  type SbpType,
} from "../../../src/payment-codes/index.js";

const DYNAMIC =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";
const SUBSCRIPTION =
  "https://sub.nspk.ru/AB1S002LBQ7PDTTE88HQ1SE2PVFVTP04?type=03&bank=100000000111&crc=3B02";
const LUMO_EXAMPLE =
  "https://qr.nspk.ru/AS10003P3RCT8NTGH6LR6D3P815L3SHK?type=02&bank=100000000001&sum=50000&cur=RUB&crc=F4AB";

describe("parseSbpLink", () => {
  it("reads a dynamic link with a valid CRC", () => {
    expect(parsePaymentCode(DYNAMIC)).toEqual({
      kind: "sbp",
      raw: DYNAMIC,
      host: "qr.nspk.ru",
      qrcId: "AD10007G66CG666S9NROEHM8IEM90B0T",
      type: "02",
      bankId: "100000000014",
      sumMinor: 399,
      currency: "RUB",
      crc: "D590",
      crcValid: true,
      warnings: [],
      params: { type: "02", bank: "100000000014", sum: "399", cur: "RUB", crc: "D590" },
    });
  });

  it("reads a subscription link on sub.nspk.ru", () => {
    const code = parseSbpLink(SUBSCRIPTION);
    expect(code).toMatchObject({ host: "sub.nspk.ru", type: "03", crcValid: true, warnings: [] });
    expect(code?.sumMinor).toBeUndefined();
  });

  it("reports the Lumo quick-start example's wrong CRC as a warning", () => {
    const code = parseSbpLink(LUMO_EXAMPLE);
    expect(code).toMatchObject({ crc: "F4AB", crcValid: false, sumMinor: 50000, warnings: ["crc_mismatch"] });
    expect(parseSbpLink(LUMO_EXAMPLE.replace("F4AB", "7BBF"))?.crcValid).toBe(true);
  });

  it("leaves crcValid undefined without a crc parameter", () => {
    const code = parseSbpLink(
      "https://qr.nspk.ru/BS1A0054EC7LR9E1B5KG4S4M5S8CHK5V?type=01&bank=100000000111&cur=RUB",
    );
    expect(code).toMatchObject({ type: "01", crcValid: undefined, warnings: ["static_no_sum"] });
  });

  it("keeps the exact text as raw and accepts a host in capitals", () => {
    const link = "https://QR.NSPK.RU/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=1";
    expect(parseSbpLink(link)).toMatchObject({ raw: link, host: "qr.nspk.ru", warnings: [] });
  });

  it("warns about bad fields without throwing", () => {
    const code = parseSbpLink("http://qr.nspk.ru/bad-id?type=07&bank=12&sum=-5&cur=USD&type=02&crc=XYZ");
    expect(code?.type).toBe("07");
    expect(code?.sumMinor).toBeUndefined();
    expect(code?.crcValid).toBe(false);
    expect(code?.warnings.sort()).toEqual(
      [
        "bad_bank_id",
        "bad_crc_format",
        "bad_currency",
        "bad_qrc_id",
        "bad_sum",
        "crc_mismatch",
        "duplicate_param",
        "not_https",
        "unknown_type",
      ].sort(),
    );
  });

  it("flags a dynamic code without a sum and a missing type", () => {
    expect(parseSbpLink("https://qr.nspk.ru/A1?type=02")?.warnings).toEqual(["dynamic_no_sum"]);
    expect(parseSbpLink("https://qr.nspk.ru/A1")?.warnings).toEqual(["missing_type"]);
  });

  it("is not fooled by look-alike hosts", () => {
    expect(parsePaymentCode("https://qr.nspk.ru.evil.example/AD1?type=02").kind).toBe("url");
    expect(parsePaymentCode("https://evilqr.nspk.ru/AD1?type=02").kind).toBe("url");
    expect(parseSbpLink("https://example.com/qr.nspk.ru/AD1")).toBeUndefined();
  });
});

const qrcId = fc.stringMatching(/^[A-Z0-9]{1,32}$/);
const sbpType = fc.constantFrom<SbpType>("01", "02", "03");
const bankId = fc.stringMatching(/^\d{12}$/);

describe("buildSbpLink ↔ parseSbpLink", () => {
  it("round-trips every field and the CRC", () => {
    fc.assert(
      fc.property(
        qrcId,
        sbpType,
        bankId,
        fc.integer({ min: 1, max: 10_000_000_00 }),
        fc.constantFrom("qr.nspk.ru", "sub.nspk.ru") as fc.Arbitrary<"qr.nspk.ru" | "sub.nspk.ru">,
        (id, type, bank, sum, host) => {
          const link = buildSbpLink({ host, qrcId: id, type, bankId: bank, sumMinor: sum, currency: "RUB" });
          const code = parsePaymentCode(link);
          expect(code).toMatchObject({
            kind: "sbp",
            raw: link,
            host,
            qrcId: id,
            type,
            bankId: bank,
            sumMinor: sum,
            currency: "RUB",
            crcValid: true,
            warnings: [],
          });
        },
      ),
    );
  });

  it("detects any single changed character after the CRC was computed", () => {
    fc.assert(
      fc.property(qrcId, fc.nat(), fc.constantFrom(..."0123456789"), (id, at, digit) => {
        const link = buildSbpLink({ qrcId: id, type: "02", bankId: "100000000014", sumMinor: 12345 });
        const body = link.slice(0, link.indexOf("&crc="));
        const sumAt = body.indexOf("sum=") + 4 + (at % 5);
        fc.pre(body[sumAt] !== digit);
        const tampered = body.slice(0, sumAt) + digit + link.slice(sumAt + 1);
        expect(parseSbpLink(tampered)?.crcValid).toBe(false);
      }),
    );
  });
});
