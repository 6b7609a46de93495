/**
 * Lincoln IPNs: a form-urlencoded POST, sent once and never retried, whose hash is
 * sha256hex(orderId:newStatus:inAmount:outAmount:xml_from:xml_to:timestamp:ipnSecret) over the
 * field values exactly as received. The secret is the one we gave when creating the order, so the
 * body is read first without trust ({@link readLincolnIpn}) to find the order, then checked with
 * that order's secret ({@link verifyLincolnIpn}). The document does not name the hash field:
 * `hash`, `sign` and `signature` are accepted. Pure: no I/O.
 */

import { createHash, randomBytes } from "node:crypto";
import type { ExchangeIpn, VerifiedExchangeIpn } from "../exchange.js";
import { WebhookVerificationError } from "../types.js";
import { digestsEqual, parseWebhookValue, toBuffer } from "../webhook.js";
import { ipnMoneySchema, toExchangeStatus } from "./schemas.js";

/** The fields the hash covers, in the order it covers them. */
export const LINCOLN_SIGNED_FIELDS = [
  "orderId",
  "newStatus",
  "inAmount",
  "outAmount",
  "xml_from",
  "xml_to",
  "timestamp",
] as const;
export type LincolnSignedField = (typeof LINCOLN_SIGNED_FIELDS)[number];

/** Where the hash may be: the conventional name first. */
export const LINCOLN_HASH_FIELDS = ["hash", "sign", "signature"] as const;
export type LincolnHashField = (typeof LINCOLN_HASH_FIELDS)[number];

/** An IPN's fields as Lincoln sends them (all text on the wire). */
export type LincolnIpnFields = Record<LincolnSignedField, string> & { orderUID?: string };

/** Enough randomness that nobody can guess it; base64url, so it survives any form or URL. */
export function createIpnSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** The document's formula, hex. */
export function lincolnIpnHash(fields: Record<LincolnSignedField, string>, ipnSecret: string): string {
  const text = [...LINCOLN_SIGNED_FIELDS.map((name) => fields[name]), ipnSecret].join(":");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The IPN's fields with the hash added, as Lincoln would send them. For the simulator and tests. */
export function signLincolnIpn(
  fields: LincolnIpnFields,
  ipnSecret: string,
  hashField: LincolnHashField = "hash",
): Record<string, string> {
  if (ipnSecret.length === 0) throw new Error("an IPN secret is required");
  const { orderUID, ...signed } = fields;
  return {
    ...(orderUID === undefined ? {} : { orderUID }),
    ...signed,
    [hashField]: lincolnIpnHash(fields, ipnSecret),
  };
}

/** Reads an IPN without trusting it: the order it names, and the deduplication key. */
export function readLincolnIpn(rawBody: Uint8Array | string): ExchangeIpn {
  return toIpn(readForm(rawBody));
}

/** Checks the hash with the order's IPN secret, constant-time, then reads the status and amounts. */
export function verifyLincolnIpn(rawBody: Uint8Array | string, ipnSecret: string): VerifiedExchangeIpn {
  if (ipnSecret.length === 0) throw new Error("an IPN secret is required");
  const form = readForm(rawBody);
  const ipn = toIpn(form);
  const hashes = LINCOLN_HASH_FIELDS.flatMap((name) => form.get(name) ?? []);
  if (hashes.length === 0) {
    throw new WebhookVerificationError(
      "lincoln",
      "missing_header",
      "no hash field (hash, sign or signature)",
    );
  }
  if (!hashes.every((hash) => /^[0-9a-f]{64}$/i.test(hash))) {
    throw new WebhookVerificationError("lincoln", "malformed_header", "the hash is not a hex SHA-256 digest");
  }
  const expected = Buffer.from(lincolnIpnHash(signedFields(ipn), ipnSecret), "hex");
  // Every hash given must match; all are compared, so timing says nothing about which did not.
  const valid = hashes.reduce((all, hash) => digestsEqual(expected, Buffer.from(hash, "hex")) && all, true);
  if (!valid) {
    throw new WebhookVerificationError(
      "lincoln",
      "bad_signature",
      "the hash does not match the order's secret",
    );
  }
  const money = parseWebhookValue("lincoln", { in: ipn.inAmount, out: ipn.outAmount }, ipnMoneySchema);
  return {
    ...ipn,
    status: toExchangeStatus(ipn.newStatus),
    inMoney: money.in,
    outMoney: money.out,
    occurredAt: new Date(Number(ipn.timestamp)),
  };
}

/** Each field once: with two values for one name, the hash and the reader might disagree. */
function readForm(rawBody: Uint8Array | string): URLSearchParams {
  const form = new URLSearchParams(toBuffer(rawBody).toString("utf8"));
  for (const name of [...LINCOLN_SIGNED_FIELDS, "orderUID"]) {
    if (form.getAll(name).length > 1) throw badBody(`${name} appears more than once`);
  }
  for (const name of LINCOLN_HASH_FIELDS) {
    if (form.getAll(name).length > 1) {
      throw new WebhookVerificationError("lincoln", "malformed_header", `${name} appears more than once`);
    }
  }
  return form;
}

function toIpn(form: URLSearchParams): ExchangeIpn {
  const value = (name: LincolnSignedField) => {
    const found = form.get(name);
    if (found === null) throw badBody(`no ${name}`);
    return found;
  };
  const fields = Object.fromEntries(LINCOLN_SIGNED_FIELDS.map((name) => [name, value(name)])) as Record<
    LincolnSignedField,
    string
  >;
  if (fields.orderId === "") throw badBody("orderId is empty");
  if (fields.newStatus === "") throw badBody("newStatus is empty");
  if (!/^\d{1,16}$/.test(fields.timestamp)) throw badBody("timestamp is not a time in milliseconds");
  const orderUid = form.get("orderUID");
  return {
    ...(orderUid === null || orderUid === "" ? {} : { orderUid }),
    orderId: fields.orderId,
    newStatus: fields.newStatus,
    inAmount: fields.inAmount,
    outAmount: fields.outAmount,
    xmlFrom: fields.xml_from,
    xmlTo: fields.xml_to,
    timestamp: fields.timestamp,
    eventId: `${fields.orderId}:${fields.newStatus}:${fields.timestamp}`,
  };
}

function signedFields(ipn: ExchangeIpn): Record<LincolnSignedField, string> {
  return {
    orderId: ipn.orderId,
    newStatus: ipn.newStatus,
    inAmount: ipn.inAmount,
    outAmount: ipn.outAmount,
    xml_from: ipn.xmlFrom,
    xml_to: ipn.xmlTo,
    timestamp: ipn.timestamp,
  };
}

function badBody(message: string): WebhookVerificationError {
  return new WebhookVerificationError("lincoln", "bad_body", message);
}
