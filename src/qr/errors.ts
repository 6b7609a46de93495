/**
 * Every way an image can be refused or a decode can fail. The bot maps each code to a message for
 * the user, so this list is exhaustive: nothing else is thrown by {@link decodeQr} or the pool.
 *
 * - `empty`: zero bytes.
 * - `too_large`: the file is bigger than `maxBytes` (default 20 MB, Telegram's getFile limit).
 * - `not_image`: the bytes are not any image format we know (a PDF, text, an archive…).
 * - `heic`: HEIC/HEIF (an iPhone "file" upload); ask the user to send it as a photo instead.
 * - `unsupported_format`: a recognised image format we do not decode (SVG, BMP, ICO, PSD…).
 * - `pixel_limit`: width × height over `maxPixels` (a decompression bomb, or a panorama).
 * - `corrupt`: a known format whose data is broken or truncated.
 * - `busy`: the decoder pool's queue is full; try again in a moment.
 * - `timeout`: the decode did not finish within the time budget.
 * - `closed`: the pool was closed while the image waited or decoded.
 * - `internal`: a bug or a crashed worker; the details are in `cause`, not for the user.
 */
export const QR_ERROR_CODES = [
  "empty",
  "too_large",
  "not_image",
  "heic",
  "unsupported_format",
  "pixel_limit",
  "corrupt",
  "busy",
  "timeout",
  "closed",
  "internal",
] as const;

export type QrErrorCode = (typeof QR_ERROR_CODES)[number];

export class QrError extends Error {
  override name = "QrError";
  readonly code: QrErrorCode;

  constructor(code: QrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isQrError(value: unknown): value is QrError {
  return value instanceof QrError;
}

const CODES: ReadonlySet<string> = new Set(QR_ERROR_CODES);

/** Errors cross the worker boundary as plain objects; this turns one back into a QrError. */
export function qrErrorFromWire(value: unknown): QrError | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { code, message } = value as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !CODES.has(code)) return undefined;
  return new QrError(code as QrErrorCode, typeof message === "string" ? message : code);
}
