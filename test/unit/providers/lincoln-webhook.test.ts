import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createIpnSecret,
  lincolnIpnHash,
  readLincolnIpn,
  signLincolnIpn,
  verifyLincolnIpn,
} from "../../../src/providers/lincoln/webhook.js";
import type { WebhookFailureReason } from "../../../src/providers/types.js";

// The document's example, field by field.
const DOC = {
  orderId: "5d8e6002b80b7b4cd75a6424",
  newStatus: "inProgress",
  inAmount: "2",
  outAmount: "317.42",
  xml_from: "ETH",
  xml_to: "WMZ",
  timestamp: "1571328406072",
};
const DOC_SECRET = "SECRET123";
const DOC_HASH = "af3acf947e6f0e0f2c267e300b8582e504dba12d1f2d058652b7414163c09f48";

// Our routes: rubles in, USDT out.
const IPN = {
  orderUID: "1409",
  orderId: "65f0c0ffee0000000000abcd",
  newStatus: "done",
  inAmount: "5000.00",
  outAmount: "52.105263",
  xml_from: "SBPRUB",
  xml_to: "USDTTRC20",
  timestamp: "1760000000123",
};
const SECRET = "ipn-secret-0123456789abcdef";

/** Written apart from the code under test, straight from the document's formula. */
function independentHash(f: typeof DOC, secret: string): string {
  const text = `${f.orderId}:${f.newStatus}:${f.inAmount}:${f.outAmount}:${f.xml_from}:${f.xml_to}:${f.timestamp}:${secret}`;
  return createHash("sha256").update(text).digest("hex");
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const body = (fields = IPN, hashField = "hash", secret = SECRET) =>
  form({ ...fields, [hashField]: independentHash(fields, secret) });

const reason = (fn: () => unknown): WebhookFailureReason | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: WebhookFailureReason }).reason;
  }
  return undefined;
};

describe("Lincoln IPN verification", () => {
  it("reproduces the document's example hash, independently and with the library", () => {
    expect(independentHash(DOC, DOC_SECRET)).toBe(DOC_HASH);
    expect(lincolnIpnHash(DOC, DOC_SECRET)).toBe(DOC_HASH);
    expect(signLincolnIpn(DOC, DOC_SECRET).hash).toBe(DOC_HASH);
  });

  it("verifies the document's example IPN and keeps the fields as received", () => {
    // ETH → WMZ is not a RUB → USDT route, but its amounts fit both currencies' decimals.
    const ipn = verifyLincolnIpn(form({ ...DOC, hash: DOC_HASH }), DOC_SECRET);
    expect(ipn).toMatchObject({
      orderId: DOC.orderId,
      newStatus: "inProgress",
      status: "inProgress",
      inAmount: "2",
      outAmount: "317.42",
      xmlFrom: "ETH",
      xmlTo: "WMZ",
      timestamp: "1571328406072",
      eventId: "5d8e6002b80b7b4cd75a6424:inProgress:1571328406072",
      occurredAt: new Date(1571328406072),
    });
  });

  it.each(["hash", "sign", "signature"])("accepts the hash in the field %s", (field) => {
    const ipn = verifyLincolnIpn(body(IPN, field), SECRET);
    expect(ipn).toMatchObject({
      orderUid: "1409",
      status: "done",
      inMoney: { minor: 500_000, currency: "RUB" },
      outMoney: { minor: 52_105_263, currency: "USDT" },
    });
  });

  it("accepts an upper-case hex hash and a raw Uint8Array body", () => {
    const text = form({ ...IPN, hash: independentHash(IPN, SECRET).toUpperCase() });
    expect(verifyLincolnIpn(new TextEncoder().encode(text), SECRET).orderId).toBe(IPN.orderId);
  });

  it("refuses another order's secret", () => {
    expect(reason(() => verifyLincolnIpn(body(), "another-secret-0123456789"))).toBe("bad_signature");
  });

  it.each(Object.keys(DOC))("refuses the IPN when %s was changed after signing", (name) => {
    const fields = new URLSearchParams(body());
    fields.set(name, name === "timestamp" ? "1760000000124" : `${fields.get(name)}0`);
    expect(reason(() => verifyLincolnIpn(fields.toString(), SECRET))).toBe("bad_signature");
  });

  it("refuses a missing hash, a malformed one, and two hashes that disagree", () => {
    expect(reason(() => verifyLincolnIpn(form(IPN), SECRET))).toBe("missing_header");
    expect(reason(() => verifyLincolnIpn(form({ ...IPN, hash: "abc" }), SECRET))).toBe("malformed_header");
    const two = form({ ...IPN, hash: independentHash(IPN, SECRET), sign: "0".repeat(64) });
    expect(reason(() => verifyLincolnIpn(two, SECRET))).toBe("bad_signature");
    expect(reason(() => verifyLincolnIpn(`${body()}&hash=${"0".repeat(64)}`, SECRET))).toBe(
      "malformed_header",
    );
  });

  it.each(Object.keys(DOC))("refuses an IPN without %s as bad_body", (name) => {
    const fields = new URLSearchParams(body());
    fields.delete(name);
    expect(reason(() => verifyLincolnIpn(fields.toString(), SECRET))).toBe("bad_body");
    expect(reason(() => readLincolnIpn(fields.toString()))).toBe("bad_body");
  });

  it("refuses a signed field given twice, and a timestamp that is not milliseconds", () => {
    expect(reason(() => readLincolnIpn(`${body()}&newStatus=done`))).toBe("bad_body");
    const seconds = { ...IPN, timestamp: "1760000000.5" };
    expect(reason(() => verifyLincolnIpn(body(seconds), SECRET))).toBe("bad_body");
  });

  it("refuses authentic amounts that are not exact in their currency as bad_body, never rounding", () => {
    for (const [inAmount, outAmount] of [
      ["5000.001", "52.1"],
      ["5000", "52.1234567"],
      ["-5", "1"],
      ["1e400", "1"],
      ["", "1"],
    ]) {
      const fields = { ...IPN, inAmount: inAmount!, outAmount: outAmount! };
      expect(reason(() => verifyLincolnIpn(body(fields), SECRET))).toBe("bad_body");
    }
  });

  it("maps a status name Lincoln does not document to unknown", () => {
    const fields = { ...IPN, newStatus: "frozenByBank" };
    expect(verifyLincolnIpn(body(fields), SECRET)).toMatchObject({
      newStatus: "frozenByBank",
      status: "unknown",
    });
  });

  it("reads without trust: finds the order before any secret is known", () => {
    expect(readLincolnIpn(form({ ...IPN, hash: "forged" }))).toEqual({
      orderUid: "1409",
      orderId: IPN.orderId,
      newStatus: "done",
      inAmount: "5000.00",
      outAmount: "52.105263",
      xmlFrom: "SBPRUB",
      xmlTo: "USDTTRC20",
      timestamp: "1760000000123",
      eventId: `${IPN.orderId}:done:1760000000123`,
    });
  });

  it("gives a stable replay key: the same IPN twice, whatever the field order or hash field", () => {
    const reordered = form({
      hash: independentHash(IPN, SECRET),
      ...Object.fromEntries(Object.entries(IPN).reverse()),
    });
    const a = verifyLincolnIpn(body(), SECRET).eventId;
    expect(verifyLincolnIpn(reordered, SECRET).eventId).toBe(a);
    expect(verifyLincolnIpn(body(IPN, "sign"), SECRET).eventId).toBe(a);
    expect(verifyLincolnIpn(body({ ...IPN, newStatus: "hold" }), SECRET).eventId).not.toBe(a);
  });

  it("hashes the values as decoded from the form (spaces, plus signs, non-ASCII)", () => {
    const fields = { ...IPN, xml_from: "СБП RUB+", xml_to: "USDT&TRC20" };
    expect(verifyLincolnIpn(body(fields), SECRET).xmlFrom).toBe("СБП RUB+");
  });

  it("signs what it verifies, and makes fresh secrets", () => {
    const signed = signLincolnIpn(IPN, SECRET, "signature");
    expect(verifyLincolnIpn(form(signed), SECRET).orderId).toBe(IPN.orderId);
    expect(signed.signature).toBe(independentHash(IPN, SECRET));
    const secrets = new Set(Array.from({ length: 20 }, createIpnSecret));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(() => verifyLincolnIpn(body(), "")).toThrow(/secret is required/);
  });
});
