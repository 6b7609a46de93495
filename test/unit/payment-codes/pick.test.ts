import { describe, expect, it } from "vitest";
import { buildSbpLink, pickPaymentCode } from "../../../src/payment-codes/index.js";

describe("pickPaymentCode", () => {
  const sbp = buildSbpLink({
    qrcId: "AD10007G66CG666S9NROEHM8IEM90B0T",
    type: "02",
    bankId: "100000000014",
    sumMinor: 1,
  });
  const gost = "ST00012|Name=A|PersonalAcc=1|BankName=B|BIC=2|CorrespAcc=3";

  it("prefers SBP, then GOST, then a URL, then text", () => {
    expect(pickPaymentCode(["hello", "https://example.com/", gost, sbp])).toMatchObject({
      index: 3,
      code: { kind: "sbp" },
    });
    expect(pickPaymentCode(["hello", gost, "https://example.com/"])).toMatchObject({
      index: 1,
      code: { kind: "gost" },
    });
    expect(pickPaymentCode(["hello", "https://example.com/"])).toMatchObject({
      index: 1,
      code: { kind: "url" },
    });
    expect(pickPaymentCode(["a", "b"])).toMatchObject({ index: 0, code: { kind: "text", text: "a" } });
  });

  it("parses from bytes when a decoded code carries them", () => {
    const bytes = new TextEncoder().encode(sbp);
    expect(pickPaymentCode([{ text: "garbled", bytes }])).toMatchObject({ code: { kind: "sbp", raw: sbp } });
  });

  it("returns undefined for no codes", () => {
    expect(pickPaymentCode([])).toBeUndefined();
  });
});

describe("pickPaymentCode with bytes that lie about their charset", () => {
  it("prefers the reader's text when the bytes do not decode in the charset the GOST header names", () => {
    // "ST00012|Name=ООО" with the Cyrillic stored as Shift_JIS, under a header that says UTF-8.
    const bytes = Uint8Array.from(Buffer.from("535430303031327c4e616d653d844f844f844f", "hex"));
    const picked = pickPaymentCode([{ text: "ST00012|Name=ООО", bytes }]);
    expect(picked?.code).toMatchObject({ kind: "gost", fields: { Name: "ООО" } });
  });
});
