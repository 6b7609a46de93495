/**
 * GOST R 56042-2014 payment strings: `ST0001` + encoding digit + separator (the 8th byte, usually
 * `|`) + `Key=Value` pairs split by that separator.
 */

export type GostEncoding = "windows-1251" | "utf-8" | "koi8-r";

const ENCODINGS: Record<string, GostEncoding> = { "1": "windows-1251", "2": "utf-8", "3": "koi8-r" };

export const GOST_REQUIRED_FIELDS = ["Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc"] as const;

export interface GostFields {
  Name?: string;
  PersonalAcc?: string;
  BankName?: string;
  BIC?: string;
  CorrespAcc?: string;
  /** Kopecks, as digits. */
  Sum?: string;
  Purpose?: string;
  PayeeINN?: string;
  PayerINN?: string;
  KPP?: string;
  CBC?: string;
  OKTMO?: string;
  UIN?: string;
  LastName?: string;
  FirstName?: string;
  MiddleName?: string;
  PayerAddress?: string;
  PersAcc?: string;
  [key: string]: string | undefined;
}

/**
 * - `bad_sum`: `Sum` is not a whole number of kopecks.
 * - `bad_bic`: `BIC` is not 9 digits. `bad_account`: `PersonalAcc` or `CorrespAcc` is not 20 digits.
 * - `bad_inn`: `PayeeINN` is not 10 or 12 digits.
 * - `unknown_encoding`: the encoding digit is not 1–3 (read as UTF-8).
 * - `duplicate_field`: a key appears twice; the first value is used.
 */
export type GostWarning =
  | "bad_sum"
  | "bad_bic"
  | "bad_account"
  | "bad_inn"
  | "unknown_encoding"
  | "duplicate_field";

export interface GostCode {
  kind: "gost";
  encoding: GostEncoding;
  separator: string;
  fields: GostFields;
  sumMinor?: number;
  /** Required fields that are absent or empty. */
  missing: Array<(typeof GOST_REQUIRED_FIELDS)[number]>;
  warnings: GostWarning[];
}

const HEADER = [0x53, 0x54, 0x30, 0x30, 0x30, 0x31]; // "ST0001"

/** True when the bytes (or the text's code units) start with the `ST0001` header. */
export function looksLikeGost(input: Uint8Array | string): boolean {
  if (typeof input === "string") return input.startsWith("ST0001") && input.length >= 8;
  return input.length >= 8 && HEADER.every((b, i) => input[i] === b);
}

/** Parses raw QR bytes, decoding the text with the encoding the header names. */
export function parseGostBytes(bytes: Uint8Array): GostCode | undefined {
  if (!looksLikeGost(bytes)) return undefined;
  const digit = String.fromCharCode(bytes[6]!);
  const encoding = ENCODINGS[digit];
  const decoder = new TextDecoder(encoding ?? "utf-8");
  const separator = String.fromCharCode(bytes[7]!);
  return build(decoder.decode(bytes.subarray(8)), encoding ?? "utf-8", separator, encoding === undefined);
}

/** Parses text that a decoder already turned into a string (the encoding digit is only reported). */
export function parseGostText(text: string): GostCode | undefined {
  if (!looksLikeGost(text)) return undefined;
  const encoding = ENCODINGS[text[6]!];
  return build(text.slice(8), encoding ?? "utf-8", text[7]!, encoding === undefined);
}

function build(body: string, encoding: GostEncoding, separator: string, unknownEncoding: boolean): GostCode {
  const warnings = new Set<GostWarning>();
  if (unknownEncoding) warnings.add("unknown_encoding");
  const fields: GostFields = {};
  for (const part of body.split(separator)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).replace(/[\r\n\0]+$/, "");
    if (Object.hasOwn(fields, key)) {
      warnings.add("duplicate_field");
      continue;
    }
    fields[key] = value;
  }

  let sumMinor: number | undefined;
  if (fields.Sum !== undefined && fields.Sum !== "") {
    if (/^\d{1,15}$/.test(fields.Sum)) sumMinor = Number(fields.Sum);
    else warnings.add("bad_sum");
  }
  if (fields.BIC && !/^\d{9}$/.test(fields.BIC)) warnings.add("bad_bic");
  for (const account of [fields.PersonalAcc, fields.CorrespAcc]) {
    if (account && !/^\d{20}$/.test(account)) warnings.add("bad_account");
  }
  if (fields.PayeeINN && !/^(\d{10}|\d{12})$/.test(fields.PayeeINN)) warnings.add("bad_inn");

  return {
    kind: "gost",
    encoding,
    separator,
    fields,
    ...(sumMinor !== undefined && { sumMinor }),
    missing: GOST_REQUIRED_FIELDS.filter((name) => !fields[name]),
    warnings: [...warnings],
  };
}
