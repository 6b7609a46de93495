/**
 * Just enough QR reading for the simulators to quote believable amounts and merchants. The real
 * parsing lives in src/payment-codes; a provider is a separate system, so the simulators read the
 * text on their own, the simple way.
 */

export interface QrFacts {
  /** Kopecks, when the QR states a sum. */
  amountMinor?: number;
  /** SBP bank member id (`bank=`), for the merchant table. */
  bankId?: string;
  /** The QRC id of an SBP link (its last path segment). */
  qrcId?: string;
  merchantName?: string;
  merchantBank?: string;
}

/** An SBP link (`https://qr.nspk.ru/<QRC id>?…&sum=<kopecks>`), or undefined when it is not one. */
export function readSbpLink(text: string): QrFacts | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.hostname !== "qr.nspk.ru") return undefined;
  const qrcId = url.pathname.split("/").filter(Boolean).at(-1);
  if (!qrcId || !/^[A-Z0-9]{10,40}$/i.test(qrcId)) return undefined;
  // NSPK states `sum` in kopecks.
  const sum = url.searchParams.get("sum");
  if (sum !== null && !/^[1-9]\d{0,11}$/.test(sum)) return undefined;
  return {
    qrcId,
    bankId: url.searchParams.get("bank") ?? undefined,
    amountMinor: sum === null ? undefined : Number(sum),
  };
}

/** A GOST R 56042 payment code (`ST00012|Name=…|Sum=<kopecks>|…`), or undefined when it is not one. */
export function readGostCode(text: string): QrFacts | undefined {
  const [header, ...parts] = text.trim().split("|");
  if (!header || !/^ST0001[123]$/.test(header)) return undefined;
  const fields = new Map(
    parts.map((part) => {
      const eq = part.indexOf("=");
      return [part.slice(0, eq).toLowerCase(), part.slice(eq + 1)] as const;
    }),
  );
  const sum = fields.get("sum");
  if (sum !== undefined && !/^[1-9]\d{0,11}$/.test(sum)) return undefined;
  return {
    amountMinor: sum === undefined ? undefined : Number(sum),
    merchantName: fields.get("name"),
    merchantBank: fields.get("bankname"),
  };
}

/** A small deterministic table of merchants by SBP bank member id. */
export const SANDBOX_MERCHANTS: Readonly<Record<string, { name: string; bank: string }>> = {
  "100000000001": { name: "ООО Кофейня", bank: "Газпромбанк" },
  "100000000111": { name: "ООО Ромашка", bank: "Сбербанк" },
  "100000000004": { name: "ИП Иванов Иван Иванович", bank: "Т-Банк" },
  "100000000008": { name: "ООО Пекарня у дома", bank: "Альфа-Банк" },
  "100000000005": { name: "ООО Книжная лавка", bank: "ВТБ" },
};

export const DEFAULT_MERCHANT = { name: "ООО Кофейня", bank: "Сбербанк" };

export interface QuoteFactsOptions {
  /** For a QR without a sum. */
  defaultAmountMinor: number;
  /** Amounts for static QRs by QRC id. */
  amountsByQrcId?: Readonly<Record<string, number>>;
}

/** Amount and merchant a simulator quotes for a QR it accepted. */
export function quoteFacts(
  facts: QrFacts,
  options: QuoteFactsOptions,
): { amountMinor: number; merchantName: string; merchantBank: string } {
  const merchant = (facts.bankId && SANDBOX_MERCHANTS[facts.bankId]) || DEFAULT_MERCHANT;
  const byId = facts.qrcId ? options.amountsByQrcId?.[facts.qrcId] : undefined;
  return {
    amountMinor: facts.amountMinor ?? byId ?? options.defaultAmountMinor,
    merchantName: facts.merchantName ?? merchant.name,
    merchantBank: facts.merchantBank ?? merchant.bank,
  };
}
