import { Composer, GrammyError } from "grammy";
import type { Message, PhotoSize } from "grammy/types";
import type { ProviderName } from "../../config.js";
import { formatMoney } from "../../money.js";
import type { GostCode, PaymentCode, SbpCode } from "../../payment-codes/index.js";
import { parsePaymentCode, pickPaymentCode } from "../../payment-codes/index.js";
import type { PaymentService } from "../../payments/service.js";
import type { ScannedCode } from "../../payments/types.js";
import { ProviderError } from "../../providers/types.js";
import type { QrDecodeResult } from "../../qr/decode.js";
import { isQrError, type QrErrorCode } from "../../qr/errors.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import type { Notifier } from "../notifier.js";
import { isNotModified } from "../telegram-errors.js";
import { providerErrorText } from "../views/provider-error.js";

export interface QrReader {
  decode(bytes: Uint8Array): Promise<QrDecodeResult>;
}

export interface ScanDeps {
  qr: QrReader;
  service: PaymentService;
  notifier: Notifier;
  /** Where Telegram serves a file: `<apiRoot>/file/bot<token>/<path>`. */
  fileUrl: (filePath: string) => string;
  /** Telegram's getFile limit: larger files cannot be downloaded by bots at all. */
  maxFileBytes: number;
  /** The provider this person pays through, or undefined when none is configured. */
  providerFor: (ctx: BotContext) => Promise<ProviderName | undefined>;
}

const SBP_LINK = /https?:\/\/(?:qr|sub)\.nspk\.ru\/[^\s<>"']+/i;
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|gif|tiff?|avif|bmp|heic|heif)$/i;

/** Telegram's photo sizes are not ordered by contract: take the one with the most pixels. */
export function largestPhoto(sizes: readonly PhotoSize[]): PhotoSize | undefined {
  return [...sizes].sort((a, b) => b.width * b.height - a.width * a.height)[0];
}

const QR_ERROR_KEYS: Record<QrErrorCode, string> = {
  empty: "scan-bad-image",
  corrupt: "scan-bad-image",
  pixel_limit: "scan-bad-image",
  too_large: "scan-file-too-big",
  heic: "scan-heic",
  not_image: "scan-not-image",
  unsupported_format: "scan-bad-image",
  busy: "scan-busy",
  timeout: "scan-no-code",
  closed: "error-generic",
  internal: "error-generic",
};

export function scanFeature(deps: ScanDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  // Viewers see balances and history; quotes (a provider call, a card with Pay) are for payers.
  const guard = async (ctx: BotContext) => {
    if (ctx.member?.role !== "viewer") return true;
    await replyOnce(ctx, ctx.t("access-viewer-cannot-pay"));
    return false;
  };

  feature.on("message:photo", async (ctx) => {
    if (!(await guard(ctx))) return;
    const photo = largestPhoto(ctx.message.photo);
    if (photo) await scanImage(ctx, deps, photo.file_id, photo.file_size);
  });

  feature.on("message:document", async (ctx) => {
    if (!(await guard(ctx))) return;
    const doc = ctx.message.document;
    const isImage = doc.mime_type?.startsWith("image/") || IMAGE_EXTENSIONS.test(doc.file_name ?? "");
    if (!isImage) return replyOnce(ctx, ctx.t("scan-not-image"));
    if (/heic|heif/i.test(doc.mime_type ?? "") || /\.(heic|heif)$/i.test(doc.file_name ?? "")) {
      return replyOnce(ctx, ctx.t("scan-heic"));
    }
    await scanImage(ctx, deps, doc.file_id, doc.file_size);
  });

  feature.on("message:text", async (ctx) => {
    const link = ctx.message.text.match(SBP_LINK)?.[0];
    if (link) {
      if (!(await guard(ctx))) return;
      const status = await ctx.reply(ctx.t("scan-reading"), replyTo(ctx.message));
      return handleCode(ctx, deps, parsePaymentCode(link), status);
    }
    // In a group people talk among themselves; only a private chat gets the hint.
    if (ctx.chat.type === "private" && !ctx.message.text.startsWith("/"))
      await ctx.reply(ctx.t("scan-text-hint"));
  });

  return feature;
}

function replyTo(message: Message) {
  return { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } };
}

function replyOnce(ctx: BotContext, text: string) {
  return ctx.reply(text, { parse_mode: "HTML", ...(ctx.msg ? replyTo(ctx.msg) : {}) });
}

async function scanImage(ctx: BotContext, deps: ScanDeps, fileId: string, fileSize: number | undefined) {
  if (fileSize !== undefined && fileSize > deps.maxFileBytes) {
    return replyOnce(ctx, ctx.t("scan-file-too-big", { size: megabytes(fileSize) }));
  }
  // The chat action, the "🔎" message and the download go out together: none needs another's answer.
  void ctx.replyWithChatAction("typing").catch(() => {});
  const downloading = download(ctx, deps, fileId).then(
    (bytes) => ({ bytes }),
    (error: unknown) => ({ error }),
  );
  const status = await ctx.reply(ctx.t("scan-reading"), replyTo(ctx.msg!));
  const show = (text: string) => editStatus(ctx, status, text);
  const downloaded = await downloading;
  if ("error" in downloaded) {
    const err = downloaded.error;
    if (err instanceof GrammyError && /file is too big/i.test(err.description)) {
      return show(ctx.t("scan-file-too-big", { size: fileSize ? megabytes(fileSize) : "> 20 MB" }));
    }
    if (err instanceof FileTooBig) return show(ctx.t("scan-file-too-big", { size: megabytes(err.size) }));
    ctx.logger.warn({ err }, "file download failed");
    return show(ctx.t("scan-download-failed"));
  }
  const { bytes } = downloaded;

  let result: QrDecodeResult;
  try {
    result = await deps.qr.decode(bytes);
  } catch (err) {
    if (!isQrError(err)) throw err;
    ctx.logger.info({ code: err.code }, "image refused");
    return show(ctx.t(QR_ERROR_KEYS[err.code], { problem: err.code, size: megabytes(bytes.length) }));
  }
  ctx.logger.info(
    { ms: Math.round(result.ms), codes: result.codes.length, variant: result.codes[0]?.variant },
    "image decoded",
  );
  const picked = pickPaymentCode(result.codes.map((c) => ({ text: c.text, bytes: c.bytes })));
  if (!picked) return show(ctx.t("scan-no-code"));
  return handleCode(ctx, deps, picked.code, status);
}

class FileTooBig extends Error {
  constructor(readonly size: number) {
    super(`file of ${size} bytes`);
  }
}

async function download(ctx: BotContext, deps: ScanDeps, fileId: string): Promise<Uint8Array> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error("Telegram returned no file path");
  if (file.file_size !== undefined && file.file_size > deps.maxFileBytes)
    throw new FileTooBig(file.file_size);
  const response = await fetch(deps.fileUrl(file.file_path), { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`file download answered ${response.status}`);
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > deps.maxFileBytes) throw new FileTooBig(length);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > deps.maxFileBytes) throw new FileTooBig(bytes.length);
  return bytes;
}

async function handleCode(ctx: BotContext, deps: ScanDeps, code: PaymentCode, status: Message.TextMessage) {
  const show = (text: string) => editStatus(ctx, status, text);
  switch (code.kind) {
    case "url":
      return show(ctx.t("scan-not-payment-url", { host: escapeHtml(code.host) }));
    case "text":
      return show(ctx.t("scan-not-payment-text", { text: escapeHtml(shorten(code.text, 300)) }));
    case "gost":
      return show(ctx.t("scan-gost", { details: gostDetails(ctx, code) }));
    case "sbp":
      return quote(ctx, deps, code, status);
  }
}

async function quote(ctx: BotContext, deps: ScanDeps, code: SbpCode, status: Message.TextMessage) {
  const show = (text: string) => editStatus(ctx, status, text);
  if (code.warnings.includes("bad_qrc_id")) return show(ctx.t("scan-sbp-broken", { problem: "QRC id" }));
  if (code.type === "03") return show(ctx.t("scan-sbp-not-payable"));
  const provider = await deps.providerFor(ctx);
  if (!provider) return show(ctx.t("scan-no-provider"));

  // The provider is asked while Telegram shows "asking"; the card waits for that edit, so it always
  // lands last.
  const asking = show(ctx.t("scan-asking-provider")).catch((err: unknown) => {
    ctx.logger.warn({ err }, "could not show the status");
  });
  try {
    const record = await deps.service.quote({
      code: scannedCode(code),
      provider,
      chatId: ctx.chat!.id,
      chatType: ctx.chat!.type,
      actor: actor(ctx),
      locale: await ctx.i18n.getLocale(),
      card: { chatId: status.chat.id, messageId: status.message_id },
    });
    ctx.logger.info({ paymentId: record.id, provider, amount: record.quote.amount.minor }, "quote shown");
    await asking;
    await deps.notifier.drawCard(record);
  } catch (err) {
    await asking;
    if (!(err instanceof ProviderError)) throw err;
    ctx.logger.warn({ err }, "quote failed");
    if (err.forAdmins) {
      void deps.notifier.toAdmins(
        (t) => `${t("provider-error-unauthorized")}\n<code>${escapeHtml(err.message)}</code>`,
      );
    }
    return show(providerErrorText(ctx.t, err.kind));
  }
}

export function scannedCode(code: SbpCode): ScannedCode {
  return {
    raw: code.raw,
    qrcId: code.qrcId,
    type: code.type ?? "",
    ...(code.bankId ? { bankId: code.bankId } : {}),
    ...(code.sumMinor !== undefined ? { sumMinor: code.sumMinor } : {}),
    ...(code.crcValid !== undefined ? { crcValid: code.crcValid } : {}),
  };
}

function gostDetails(ctx: BotContext, code: GostCode): string {
  const f = code.fields;
  const rows: Array<[string, string | undefined]> = [
    ["Name", f.Name],
    ["BankName", f.BankName],
    ["BIC", f.BIC],
    ["PersonalAcc", f.PersonalAcc],
    ["PayeeINN", f.PayeeINN],
    ["Purpose", f.Purpose],
    ["Sum", code.sumMinor !== undefined ? formatMoney(code.sumMinor, "RUB") : undefined],
  ];
  const lines = rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(([name, value]) => ctx.t("scan-gost-field", { name, value: escapeHtml(shorten(value, 120)) }));
  if (code.missing.length > 0) lines.push(ctx.t("scan-gost-missing", { fields: code.missing.join(", ") }));
  return lines.join("\n");
}

async function editStatus(ctx: BotContext, status: Message.TextMessage, text: string): Promise<void> {
  try {
    await ctx.api.editMessageText(status.chat.id, status.message_id, text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
