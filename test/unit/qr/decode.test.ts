import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parsePaymentCode, pickPaymentCode } from "../../../src/payment-codes/index.js";
import { decodeQr } from "../../../src/qr/index.js";
import { qrPng } from "./images.js";

const SBP =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";

describe("decodeQr", () => {
  it("reads a clean code on the first, cheapest attempt", async () => {
    const result = await decodeQr(await qrPng(SBP));
    expect(result.codes).toHaveLength(1);
    expect(result.codes[0]).toMatchObject({ text: SBP, decoder: "zxing", variant: "work" });
    expect(new TextDecoder().decode(result.codes[0]!.bytes)).toBe(SBP);
    expect(result.attempts).toBe(1);
    expect(result.timedOut).toBe(false);
  });

  it("keeps the raw bytes, so a windows-1251 GOST code comes out right", async () => {
    const body =
      "ST00011|Name=ООО Ромашка|PersonalAcc=40702810138250123017|BankName=ПАО Сбербанк|BIC=044525225|CorrespAcc=30101810400000000225|Sum=10000";
    const table = new Map(
      [...new TextDecoder("windows-1251").decode(Uint8Array.from({ length: 256 }, (_, i) => i))].map(
        (c, i) => [c, i],
      ),
    );
    const bytes = Uint8Array.from([...body], (c) => table.get(c)!);
    const result = await decodeQr(await qrPng(bytes, 4));
    expect(result.codes[0]!.bytes).toEqual(bytes);
    const code = parsePaymentCode(result.codes[0]!.bytes);
    expect(code).toMatchObject({ kind: "gost", encoding: "windows-1251", sumMinor: 10000, missing: [] });
    expect(code.kind === "gost" && code.fields.BankName).toBe("ПАО Сбербанк");
  });

  it("returns every code in a picture, and the caller can prefer the payment one", async () => {
    const url = await sharp(await qrPng("https://example.com/menu", 5)).toBuffer();
    const pay = await sharp(await qrPng(SBP, 5)).toBuffer();
    const { width: w1 = 0, height: h1 = 0 } = await sharp(url).metadata();
    const { width: w2 = 0, height: h2 = 0 } = await sharp(pay).metadata();
    const both = await sharp({
      create: { width: w1 + w2 + 40, height: Math.max(h1, h2) + 40, channels: 3, background: "#ffffff" },
    })
      .composite([
        { input: url, left: 20, top: 20 },
        { input: pay, left: w1 + 20, top: 20 },
      ])
      .png()
      .toBuffer();
    const result = await decodeQr(both);
    expect(result.codes.map((c) => c.text).sort()).toEqual(["https://example.com/menu", SBP].sort());
    expect(pickPaymentCode(result.codes)?.code).toMatchObject({ kind: "sbp", raw: SBP });
  });

  it("reads a rotated, inverted, blurred and shrunken code", async () => {
    const png = await qrPng(SBP, 4);
    const hard = await sharp(png)
      .negate({ alpha: false })
      .rotate(33, { background: "#000000" })
      .blur(1.2)
      .resize({ width: 300 })
      .jpeg({ quality: 80 })
      .toBuffer();
    expect((await decodeQr(hard)).codes.map((c) => c.text)).toEqual([SBP]);
  });
});
