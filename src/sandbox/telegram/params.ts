import { badRequest } from "./errors.js";

/** A file part of a multipart request, as the emulator records it. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === "object" &&
    value !== null &&
    Buffer.isBuffer((value as UploadedFile).bytes) &&
    typeof (value as UploadedFile).fileName === "string"
  );
}

/** Fields the Bot API accepts as JSON-serialized strings (multipart, query string) or as nested JSON. */
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "reply_parameters",
  "link_preview_options",
  "allowed_updates",
  "commands",
  "scope",
  "media",
  "menu_button",
]);

/**
 * Normalizes raw request fields into the shape recorded in `tg.calls()`: JSON fields parsed, numeric
 * strings left as they are (the typed getters coerce), and `attach://name` replaced by the uploaded file.
 */
export function normalizeParams(
  fields: Record<string, unknown>,
  files: ReadonlyMap<string, UploadedFile>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "string" && JSON_FIELDS.has(key)) {
      out[key] = parseJsonField(key, value);
    } else if (typeof value === "string" && value.startsWith("attach://")) {
      out[key] = files.get(value.slice("attach://".length)) ?? value;
    } else {
      out[key] = value;
    }
  }
  // A file sent directly under the parameter's own name (curl -F photo=@x.jpg) is accepted too.
  for (const [name, file] of files) {
    if (!(name in out) && !isAttached(fields, name)) out[name] = file;
  }
  return out;
}

function isAttached(fields: Record<string, unknown>, name: string): boolean {
  return Object.values(fields).some((v) => v === `attach://${name}`);
}

function parseJsonField(key: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    if (key === "reply_markup") throw badRequest("can't parse reply keyboard markup JSON object");
    throw badRequest(`can't parse ${key} JSON object`);
  }
}

/** Typed, coercing access to one request's parameters, with Bot-API-style errors. */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== "";
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    const n =
      typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`invalid ${name} specified`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "1" || value === 1) return true;
    if (value === "false" || value === "0" || value === 0) return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** A JSON field: objects pass through, strings are parsed (the multipart and query-string form). */
  json(name: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    return typeof value === "string" ? parseJsonField(name, value) : value;
  }

  /** An InputFile-like field: an uploaded file or a string (file_id, URL, attach://). */
  file(name: string): UploadedFile | string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (isUploadedFile(value)) return value;
    if (typeof value === "string") return value;
    throw badRequest(`wrong ${name} specified`);
  }
}
