import { type GostCode, looksLikeGost, parseGostBytes, parseGostText } from "./gost.js";
import { parseSbpLink, type SbpCode } from "./sbp.js";

export { crc16CcittFalse, crc16Hex } from "./crc16.js";
export {
  GOST_REQUIRED_FIELDS,
  type GostCode,
  type GostEncoding,
  type GostFields,
  type GostWarning,
} from "./gost.js";
export {
  buildSbpLink,
  parseSbpLink,
  SBP_HOSTS,
  type SbpCode,
  type SbpLinkInput,
  type SbpType,
  type SbpWarning,
} from "./sbp.js";

export interface UrlCode {
  kind: "url";
  url: string;
  host: string;
}

export interface TextCode {
  kind: "text";
  text: string;
}

export type PaymentCode = SbpCode | GostCode | UrlCode | TextCode;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const cp1251 = new TextDecoder("windows-1251");

/** Raw bytes that are not a GOST string: UTF-8, or windows-1251 when they are not valid UTF-8. */
function bytesToText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return cp1251.decode(bytes);
  }
}

function parseUrl(text: string): UrlCode | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    if (!url.host) return undefined;
    return { kind: "url", url: text, host: url.hostname };
  } catch {
    return undefined;
  }
}

/**
 * Classifies the content of a QR code. Pass the raw bytes when you have them: GOST strings in
 * windows-1251 or KOI8-R only come out right from the bytes. Never throws.
 */
export function parsePaymentCode(input: string | Uint8Array): PaymentCode {
  if (typeof input !== "string") {
    if (looksLikeGost(input)) return parseGostBytes(input)!;
    return parsePaymentCode(bytesToText(input));
  }
  if (looksLikeGost(input)) return parseGostText(input)!;
  const text = input.trim();
  return parseSbpLink(text) ?? parseUrl(text) ?? { kind: "text", text: input };
}

const PREFERENCE: Record<PaymentCode["kind"], number> = { sbp: 0, gost: 1, url: 2, text: 3 };

/** A decoded code: its text and, when known, its raw bytes. */
export type CodeContent = string | Uint8Array | { text: string; bytes?: Uint8Array };

/**
 * When a picture holds several codes, the one to act on: SBP before GOST before a URL before text,
 * and the first among equals. `undefined` for an empty list.
 */
export function pickPaymentCode(
  codes: readonly CodeContent[],
): { code: PaymentCode; index: number } | undefined {
  let best: { code: PaymentCode; index: number } | undefined;
  codes.forEach((content, index) => {
    const code = parseContent(content);
    if (!best || PREFERENCE[code.kind] < PREFERENCE[best.code.kind]) best = { code, index };
  });
  return best;
}

const garbled = (code: PaymentCode) => JSON.stringify(code).includes("\uFFFD");

/**
 * The raw bytes are the better source (a GOST string names its own charset), unless they do not
 * decode in the charset they claim while the reader's text does — a writer that stored Cyrillic as
 * Shift_JIS, say. Then the text wins.
 */
function parseContent(content: CodeContent): PaymentCode {
  if (typeof content === "string" || content instanceof Uint8Array) return parsePaymentCode(content);
  if (!content.bytes) return parsePaymentCode(content.text);
  const fromBytes = parsePaymentCode(content.bytes);
  if (!garbled(fromBytes)) return fromBytes;
  const fromText = parsePaymentCode(content.text);
  return garbled(fromText) ? fromBytes : fromText;
}
