import { Composer, GrammyError } from "grammy";
import type { Message, PhotoSize } from "grammy/types";
import type { ProviderName } from "../../config.js";
import { pickPaymentCode } from "../../payment-codes/index.js";
import type { QrDecodeResult } from "../../qr/decode.js";
import { isQrError, type QrErrorCode } from "../../qr/errors.js";
import type { BotContext } from "../context.js";
import { offersScanner, scannerInlineButton } from "./miniapp.js";
import {
  answerCode,
  type CodeDeps,
  postStatus,
  replyTo,
  type ScanScope,
  scanText,
  scopeOf,
  showStatus,
} from "./scan-code.js";

export interface QrReader {
  decode(bytes: Uint8Array): Promise<QrDecodeResult>;
}

export interface ScanDeps extends CodeDeps {
  qr: QrReader;
  /** Where Telegram serves a file: `<apiRoot>/file/bot<token>/<path>`. */
  fileUrl: (filePath: string) => string;
  /** Telegram's getFile limit: larger files cannot be downloaded by bots at all. */
  maxFileBytes: number;
  /** The provider this person pays through, or undefined when none is configured. */
  providerFor: (ctx: BotContext) => Promise<ProviderName | undefined>;
  /** The Mini App scanner's address, offered under "no code found"; undefined: not offered. */
  miniAppUrl: string | undefined;
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
  pixel_limit: "scan-too-many-pixels",
  too_large: "scan-file-too-big",
  heic: "scan-heic",
  not_image: "scan-not-image",
  unsupported_format: "scan-unsupported-format",
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

  feature.on("message:text", async (ctx, next) => {
    const link = ctx.message.text.match(SBP_LINK)?.[0];
    if (link) {
      if (!(await guard(ctx))) return;
      return scanText(deps, await scopeOf(ctx, deps.providerFor), link, ctx.message);
    }
    // A command no feature took is answered after every feature has had its turn.
    if (ctx.message.text.startsWith("/")) return next();
    // In a group people talk among themselves; only a private chat gets the hint.
    if (ctx.chat.type === "private") await ctx.reply(ctx.t("scan-text-hint"));
  });

  // What the keyboard button's Mini App read with the live camera (Telegram.WebApp.sendData): the
  // same path as a pasted link. Telegram sends it only from the person's private chat.
  feature.on("message:web_app_data", async (ctx) => {
    if (!(await guard(ctx))) return;
    const scope = await scopeOf(ctx, deps.providerFor);
    scope.logger.info({ button: ctx.message.web_app_data.button_text }, "Mini App code received");
    return scanText(deps, scope, ctx.message.web_app_data.data, ctx.message);
  });

  return feature;
}

function replyOnce(ctx: BotContext, text: string) {
  return ctx.reply(text, { parse_mode: "HTML", ...replyTo(ctx.msg) });
}

async function scanImage(ctx: BotContext, deps: ScanDeps, fileId: string, fileSize: number | undefined) {
  if (fileSize !== undefined && fileSize > deps.maxFileBytes) {
    return replyOnce(ctx, ctx.t("scan-file-too-big", { megabytes: megabytes(fileSize) }));
  }
  // The chat action, the "🔎" message and the download go out together: none needs another's answer.
  void ctx.replyWithChatAction("typing").catch(() => {});
  const downloading = download(ctx, deps, fileId).then(
    (bytes) => ({ bytes }),
    (error: unknown) => ({ error }),
  );
  const scope = await scopeOf(ctx, deps.providerFor);
  const status = await postStatus(scope, ctx.msg);
  const show = (text: string) => showStatus(scope, status, text);
  const downloaded = await downloading;
  if ("error" in downloaded) {
    const err = downloaded.error;
    if (err instanceof GrammyError && /file is too big/i.test(err.description)) {
      return show(
        fileSize
          ? ctx.t("scan-file-too-big", { megabytes: megabytes(fileSize) })
          : ctx.t("scan-file-too-big-unknown"),
      );
    }
    if (err instanceof FileTooBig)
      return show(ctx.t("scan-file-too-big", { megabytes: megabytes(err.size) }));
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
    if (QR_ERROR_KEYS[err.code] === "scan-no-code") return noCode(ctx, deps, scope, status);
    return show(ctx.t(QR_ERROR_KEYS[err.code], { megabytes: megabytes(bytes.length) }));
  }
  ctx.logger.info(
    { ms: Math.round(result.ms), codes: result.codes.length, variant: result.codes[0]?.variant },
    "image decoded",
  );
  const picked = pickPaymentCode(result.codes.map((c) => ({ text: c.text, bytes: c.bytes })));
  if (!picked) return noCode(ctx, deps, scope, status);
  return answerCode(deps, scope, picked.code, status);
}

/** "No code found" — with the live scanner one tap away, where it can be offered. */
function noCode(ctx: BotContext, deps: ScanDeps, scope: ScanScope, status: Message.TextMessage) {
  const markup = offersScanner(ctx, deps.miniAppUrl)
    ? scannerInlineButton(scope.t, deps.miniAppUrl, scope.locale)
    : undefined;
  return showStatus(scope, status, scope.t("scan-no-code"), markup);
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

/** Whole tenths of a megabyte, for a Fluent NUMBER() that writes it in the person's locale. */
function megabytes(bytes: number): number {
  return Math.round((bytes * 10) / 1024 / 1024) / 10;
}
