import { describe, expect, it } from "vitest";
import {
  buttons,
  defineButton,
  fields,
  menuButtons,
  menuIds,
  personPayload,
  teamPagePayload,
} from "../../src/bot/callback-data.js";
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

  it("matches every press on the team menus, whatever the plugin put after the id", () => {
    const { filter } = menuButtons(Object.values(menuIds));
    for (const data of [
      "team/0/0/42/h\u0000ab\ufffd",
      "team-p/1/0/42/hxyz1",
      "team-r/3/0/42/f1234",
      "team-x/0/1//h",
    ])
      expect(filter.test(data)).toBe(true);
    for (const data of ["teams/0/0/42/h", "rm:42", "xteam/0/0/42/h", "team-q/0/0/42/h"])
      expect(filter.test(data)).toBe(false);
  });

  it("reads a menu payload only when it is its field's, and keeps people apart from pages", () => {
    expect(personPayload.pack(9_000_001)).toBe("9000001");
    expect(personPayload.unpack("9000001")).toBe(9_000_001);
    expect(teamPagePayload.pack(2)).toBe("p2");
    expect(teamPagePayload.unpack("p2")).toBe(2);
    for (const match of ["p2", "", "12a", undefined, ["42"]])
      expect(personPayload.unpack(match)).toBeUndefined();
    for (const match of ["2", "p", "p1234"]) expect(teamPagePayload.unpack(match)).toBeUndefined();
    expect(() => personPayload.pack(-1)).toThrow(/does not match/);
  });
});
