import { describe, expect, it } from "vitest";
import { buttons, defineButton, fields } from "../../src/bot/callback-data.js";
import { newPaymentId } from "../../src/payments/ids.js";

describe("typed callback data", () => {
  it("packs in the format of cards already in people's chats, and reads it back", () => {
    const id = newPaymentId();
    expect(buttons.pay.pack({ id })).toBe(`pay:${id}`);
    expect(buttons.pay.unpack(`pay:${id}`)).toEqual({ id });
    expect(buttons.removePerson.pack({ id: 42 })).toBe("rm:42");
    expect(buttons.removePerson.unpack("rm:42")).toEqual({ id: 42 });
    expect(buttons.keepPerson.pack({})).toBe("rm:no");
    expect(buttons.chooseProvider.unpack("provider:ardor")).toEqual({ name: "ardor" });
  });

  it("matches only well-formed data of its own button", () => {
    const id = newPaymentId();
    expect(buttons.pay.filter.test(`pay:${id}`)).toBe(true);
    for (const data of [
      `pay:${id}x`,
      `pay:${id.toLowerCase()}`,
      "pay:",
      `cancel:${id}`,
      `xpay:${id}`,
      "pay:P0000000000O",
    ]) {
      expect(buttons.pay.unpack(data)).toBeUndefined();
    }
    expect(buttons.removePerson.unpack("rm:no")).toBeUndefined();
    expect(buttons.keepPerson.unpack("rm:42")).toBeUndefined();
    expect(buttons.chooseProvider.unpack("provider:other")).toBeUndefined();
    expect(buttons.chooseLanguage.unpack("lang:de")).toBeUndefined();
  });

  it("refuses to pack a value its field does not allow, or data over Telegram's 64 bytes", () => {
    expect(() => buttons.pay.pack({ id: "not-an-id" })).toThrow(/does not match/);
    const long = defineButton("long", { token: fields.inviteToken });
    expect(() => long.pack({ token: "a".repeat(64) })).toThrow(/64 bytes/);
  });
});
