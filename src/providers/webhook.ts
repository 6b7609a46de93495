/** Building blocks shared by the providers' webhook verifiers. Pure: no I/O. */

import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { type AnyProviderName, type WebhookHeaders, WebhookVerificationError } from "./types.js";

/** A header by name, case-insensitively; repeated headers are joined with ", " as HTTP does. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  return undefined;
}

export function toBuffer(raw: Uint8Array | string): Buffer {
  return typeof raw === "string"
    ? Buffer.from(raw, "utf8")
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

export function hmacSha256(secret: string, ...parts: Uint8Array[]): Buffer {
  const hmac = createHmac("sha256", secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Constant-time for equal lengths; a digest of the wrong length is simply not equal. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A SHA-256 digest as a header carries it: hex, or base64 (standard or URL-safe, padding optional),
 * with or without a `sha256=` prefix. Undefined for anything else (two values joined by ", " too).
 */
export function decodeSha256Digest(header: string): Buffer | undefined {
  const text = header.trim().replace(/^sha256=/i, "");
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  // 32 bytes are 43 base64 characters plus one "=" of padding (optional, and absent in URL-safe form).
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return Buffer.from(text, "base64");
  return undefined;
}

export function secretList(secret: string | readonly string[]): readonly string[] {
  const list = typeof secret === "string" ? [secret] : secret;
  if (list.length === 0 || list.some((s) => s.length === 0)) throw new Error("a webhook secret is required");
  return list;
}

/** Parses an authenticated body. Anything unexpected is `bad_body`: authentic, but not understood. */
export function parseWebhookBody<S extends z.ZodType>(
  provider: AnyProviderName,
  body: Buffer,
  schema: S,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new WebhookVerificationError(provider, "bad_body", "body is not JSON");
  }
  return parseWebhookValue(provider, json, schema);
}

/** Parses an already-decoded part of an authenticated body; `at` prefixes the path in the message. */
export function parseWebhookValue<S extends z.ZodType>(
  provider: AnyProviderName,
  value: unknown,
  schema: S,
  at: string[] = [],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = [...at, ...(issue?.path ?? []).map(String)].join(".") || "(root)";
  throw new WebhookVerificationError(
    provider,
    "bad_body",
    `${where}: ${issue?.message ?? "invalid"}`.slice(0, 200),
  );
}
