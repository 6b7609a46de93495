import { describe, expect, it } from "vitest";
import { isFinalExchangeStatus } from "../../../src/providers/exchange.js";
import { lincolnCreateForm, lincolnPaymentUrl } from "../../../src/providers/lincoln/client.js";
import { lincolnAnswerSchema, toExchangeStatus } from "../../../src/providers/lincoln/schemas.js";
import { EXCHANGERS, PROVIDERS, providerTitle, SPEND_PROVIDERS } from "../../../src/providers/registry.js";

const config = { partner: "qrpay", toValuesKey: "wallet" };
const input = {
  routeId: "65f0c0ffee0000000000abcd",
  amount: { minor: 500_050, currency: "RUB" as const },
  toAddress: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
  lang: "ru" as const,
  ipnUrl: "https://bot.example.com/webhooks/lincoln",
  ipnSecret: "fresh-ipn-secret-0123456789",
  clientCallbackUrl: "https://t.me/qr_pay_bot",
};

describe("Lincoln create request", () => {
  it("has the document's fields in its order, bracketed names as written, booleans as text", () => {
    const form = lincolnCreateForm(config, input);
    expect(Object.entries(form)).toEqual([
      ["routeId", "65f0c0ffee0000000000abcd"],
      ["partner", "qrpay"],
      ["amount", "5000.50"],
      ["toValues[0][key]", "wallet"],
      ["toValues[0][value]", "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"],
      ["lang", "ru"],
      ["agreement", "true"],
      ["hideOutData", "true"],
      ["clientCallbackUrl", "https://t.me/qr_pay_bot"],
      ["ipnUrl", "https://bot.example.com/webhooks/lincoln"],
      ["ipnSecret", "fresh-ipn-secret-0123456789"],
    ]);
    // On the wire the brackets are percent-encoded, as every form encoder does; decoding gives them back.
    const wire = new URLSearchParams(Object.entries(form)).toString();
    expect(wire).toContain("toValues%5B0%5D%5Bkey%5D=wallet");
    expect(new URLSearchParams(wire).get("toValues[0][value]")).toBe(input.toAddress);
  });

  it("takes the toValues key and hideOutData from configuration", () => {
    const form = lincolnCreateForm({ ...config, toValuesKey: "address" }, input, { hideOutData: false });
    expect(form).toMatchObject({ "toValues[0][key]": "address", hideOutData: "false" });
  });

  it.each([
    [1, "0.01"],
    [10, "0.10"],
    [100, "1.00"],
    [500_000, "5000.00"],
    [123_456_789_01, "123456789.01"],
    [Number.MAX_SAFE_INTEGER, "90071992547409.91"],
  ])("sends %i kopecks as exactly %s rubles", (minor, text) => {
    expect(lincolnCreateForm(config, { ...input, amount: { minor, currency: "RUB" } }).amount).toBe(text);
  });

  it.each([
    ["zero", { minor: 0, currency: "RUB" as const }],
    ["negative", { minor: -1, currency: "RUB" as const }],
    ["fractional kopecks", { minor: 0.5, currency: "RUB" as const }],
    ["USDT", { minor: 1_000_000, currency: "USDT" as const }],
  ])("refuses a %s amount before any request", (_, amount) => {
    expect(() => lincolnCreateForm(config, { ...input, amount })).toThrow(RangeError);
  });

  it("refuses a short IPN secret and empty addresses", () => {
    expect(() => lincolnCreateForm(config, { ...input, ipnSecret: "short" })).toThrow(/IPN secret/);
    expect(() => lincolnCreateForm(config, { ...input, toAddress: " " })).toThrow(/toAddress/);
  });

  it("builds the payment page as in the document's example", () => {
    expect(lincolnPaymentUrl("https://www.lincoln.money", "1409", "dGqwF2M2eBPaSN1G5ljMS1cb", "en")).toBe(
      "https://www.lincoln.money/en/payment/1409/dGqwF2M2eBPaSN1G5ljMS1cb",
    );
  });
});

describe("Lincoln answers", () => {
  const order = { orderUID: 1409, orderId: "65f0c0ffee0000000000abcd", secret: "s3", status: "waitPayment" };
  const parse = (value: unknown) => lincolnAnswerSchema.safeParse(value);

  it("reads an order at the top level or under data, amounts exact", () => {
    const top = parse({ ...order, inAmount: 5000.5, outAmount: "52.105263" });
    const nested = parse({ success: true, data: { ...order, inAmount: "5000.50", outAmount: 52.105263 } });
    for (const answer of [top, nested]) {
      expect(answer.data).toEqual({
        ok: true,
        order: {
          orderUID: "1409",
          orderId: order.orderId,
          secret: "s3",
          status: "waitPayment",
          inAmount: { minor: 500_050, currency: "RUB" },
          outAmount: { minor: 52_105_263, currency: "USDT" },
        },
      });
    }
  });

  it("reads { success: false } as a refusal, whatever else it carries", () => {
    expect(
      parse({ success: false, error: { errorType: "api", message: "Param amount isn't valid" } }).data,
    ).toEqual({
      ok: false,
      error: { code: "api", message: "Param amount isn't valid" },
    });
  });

  it.each([
    ["an amount with a third decimal of kopecks", { ...order, inAmount: 5000.001 }],
    ["USDT beyond micro-units", { ...order, outAmount: "0.0000001" }],
    ["a float artefact", { ...order, inAmount: 0.1 + 0.2 }],
    ["a negative amount", { ...order, outAmount: -1 }],
    ["no orderId", { orderUID: 1 }],
    ["a uid that is not a number", { ...order, orderUID: "14x" }],
  ])("refuses %s (bad_response in the client)", (_, value) => {
    expect(parse(value).success).toBe(false);
  });

  it("keeps unknown status names unknown and knows which statuses are final", () => {
    expect(toExchangeStatus("waitPayment")).toBe("waitPayment");
    expect(toExchangeStatus("WAITPAYMENT")).toBe("unknown");
    expect(toExchangeStatus("paid")).toBe("unknown");
    expect(["done", "returned", "deleted"].every((s) => isFinalExchangeStatus(toExchangeStatus(s)))).toBe(
      true,
    );
    expect(
      ["errorPayout", "hold", "inProgress", "unknown"].some((s) =>
        isFinalExchangeStatus(toExchangeStatus(s)),
      ),
    ).toBe(false);
  });
});

describe("the registry", () => {
  it("lists Lincoln as an exchanger among every provider, not as a spend provider", () => {
    expect(EXCHANGERS.map((d) => [d.name, d.role, d.webhook.path])).toEqual([
      ["lincoln", "exchange", "/webhooks/lincoln"],
    ]);
    expect(PROVIDERS.map((d) => d.name)).toEqual(["lumo", "ardor", "meridian", "merchant", "lincoln"]);
    expect(SPEND_PROVIDERS.map((d) => d.name)).not.toContain("lincoln");
    expect(new Set(PROVIDERS.map((d) => d.webhook.path)).size).toBe(PROVIDERS.length);
    expect(providerTitle("lincoln")).toBe("Lincoln");
  });
});
