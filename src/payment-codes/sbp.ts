import { crc16Hex } from "./crc16.js";

/** Hosts of the National Payment Card System that issue SBP payment links. */
export const SBP_HOSTS = ["qr.nspk.ru", "sub.nspk.ru"] as const;

export type SbpType = "01" | "02" | "03";

/**
 * Problems found in an SBP link. None of them stops parsing; the payment flow decides.
 * - `crc_mismatch`: the `crc` parameter is not the CRC of the link (a damaged or edited link).
 * - `bad_crc_format`: `crc` is not four hex digits.
 * - `bad_qrc_id`: the path is not 1–32 characters of `A-Z0-9`.
 * - `missing_type`, `unknown_type`: `type` absent or not 01/02/03.
 * - `bad_bank_id`: `bank` is not a 12-digit SBP member id.
 * - `bad_sum`: `sum` is not a positive whole number of kopecks.
 * - `static_no_sum`: a static code (01) without a sum: the payer enters the amount.
 * - `dynamic_no_sum`: a dynamic code (02) without a sum, which a dynamic code should have.
 * - `bad_currency`: `cur` is present and is not RUB.
 * - `duplicate_param`: a parameter appears twice; the first value is used.
 * - `not_https`: the link uses plain http.
 */
export type SbpWarning =
  | "crc_mismatch"
  | "bad_crc_format"
  | "bad_qrc_id"
  | "missing_type"
  | "unknown_type"
  | "bad_bank_id"
  | "bad_sum"
  | "static_no_sum"
  | "dynamic_no_sum"
  | "bad_currency"
  | "duplicate_param"
  | "not_https";

export interface SbpCode {
  kind: "sbp";
  /** The link exactly as read from the code: this is what goes to the payment provider. */
  raw: string;
  host: (typeof SBP_HOSTS)[number];
  qrcId: string;
  /** `01` static, `02` dynamic, `03` subscription / account binding; the raw value when unknown. */
  type: SbpType | string | undefined;
  bankId?: string;
  sumMinor?: number;
  currency?: string;
  crc?: string;
  /** `undefined` when the link has no `crc` parameter. */
  crcValid: boolean | undefined;
  warnings: SbpWarning[];
  /** Every query parameter, decoded; the first value when one repeats. */
  params: Record<string, string>;
}

const QRC_ID = /^[A-Z0-9]{1,32}$/;
const SBP_URL = /^(https?):\/\/([^/?#]+)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

function isSbpHost(host: string): host is SbpCode["host"] {
  return (SBP_HOSTS as readonly string[]).includes(host);
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Parses `https://qr.nspk.ru/<id>?…` or `https://sub.nspk.ru/<id>?…`; `undefined` for any other text. */
export function parseSbpLink(raw: string): SbpCode | undefined {
  const text = raw.trim();
  const match = SBP_URL.exec(text);
  if (!match) return undefined;
  const [, scheme = "", authority = "", path = "", query = ""] = match;
  const host = authority.toLowerCase().replace(/:443$/, "");
  if (!isSbpHost(host)) return undefined;

  const warnings = new Set<SbpWarning>();
  if (scheme.toLowerCase() !== "https") warnings.add("not_https");
  const qrcId = decodeComponent(path.replace(/\/+$/, ""));
  if (!QRC_ID.test(qrcId)) warnings.add("bad_qrc_id");

  const params: Record<string, string> = {};
  let crcStart = -1;
  let offset = text.indexOf("?") + 1;
  for (const pair of query.split("&")) {
    const at = offset;
    offset += pair.length + 1;
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
    if (Object.hasOwn(params, key)) {
      warnings.add("duplicate_param");
      continue;
    }
    params[key] = value;
    if (key === "crc") crcStart = at - 1;
  }

  const type = params.type;
  if (type === undefined) warnings.add("missing_type");
  else if (type !== "01" && type !== "02" && type !== "03") warnings.add("unknown_type");

  const bankId = params.bank;
  if (bankId !== undefined && !/^\d{12}$/.test(bankId)) warnings.add("bad_bank_id");

  let sumMinor: number | undefined;
  if (params.sum !== undefined) {
    const sum = Number(params.sum);
    if (/^\d{1,15}$/.test(params.sum) && sum > 0) sumMinor = sum;
    else warnings.add("bad_sum");
  } else if (type === "01") warnings.add("static_no_sum");
  else if (type === "02") warnings.add("dynamic_no_sum");

  const currency = params.cur;
  if (currency !== undefined && currency !== "RUB") warnings.add("bad_currency");

  const crc = params.crc;
  let crcValid: boolean | undefined;
  if (crc !== undefined) {
    if (!/^[0-9A-Fa-f]{4}$/.test(crc)) {
      warnings.add("bad_crc_format");
      crcValid = false;
    } else {
      crcValid = crc16Hex(text.slice(0, crcStart)) === crc.toUpperCase();
    }
    if (crcValid === false) warnings.add("crc_mismatch");
  }

  return {
    kind: "sbp",
    raw: text,
    host,
    qrcId,
    type,
    ...(bankId !== undefined && { bankId }),
    ...(sumMinor !== undefined && { sumMinor }),
    ...(currency !== undefined && { currency }),
    ...(crc !== undefined && { crc }),
    crcValid,
    warnings: [...warnings],
    params,
  };
}

export interface SbpLinkInput {
  host?: SbpCode["host"];
  qrcId: string;
  type: SbpType;
  bankId?: string;
  sumMinor?: number;
  currency?: string;
  /** Extra parameters, appended before `crc` in the given order. */
  extra?: Record<string, string>;
  /** Append `&crc=XXXX` computed over the link. Default true. */
  withCrc?: boolean;
}

/** Builds an SBP link the way banks print them: `type`, `bank`, `sum`, `cur`, extras, then `crc`. */
export function buildSbpLink(input: SbpLinkInput): string {
  const query: string[] = [`type=${input.type}`];
  if (input.bankId !== undefined) query.push(`bank=${input.bankId}`);
  if (input.sumMinor !== undefined) query.push(`sum=${input.sumMinor}`);
  if (input.currency !== undefined) query.push(`cur=${encodeURIComponent(input.currency)}`);
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    query.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  const link = `https://${input.host ?? "qr.nspk.ru"}/${input.qrcId}?${query.join("&")}`;
  return input.withCrc === false ? link : `${link}&crc=${crc16Hex(link)}`;
}
