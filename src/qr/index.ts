export { type DecodeOptions, decodeQr, type QrCode, type QrDecodeResult } from "./decode.js";
export { isQrError, QR_ERROR_CODES, QrError, type QrErrorCode } from "./errors.js";
export { DEFAULT_LOAD_LIMITS, type LoadLimits } from "./load.js";
export { createQrDecoderPool, type QrDecoderPool, type QrDecoderPoolOptions } from "./pool.js";
