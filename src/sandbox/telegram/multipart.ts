import { badRequest } from "./errors.js";
import type { UploadedFile } from "./params.js";

export interface MultipartBody {
  fields: Record<string, string>;
  files: Map<string, UploadedFile>;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * Parses multipart/form-data leniently enough for grammY, whose parts look like
 * `content-disposition:form-data;name="x";filename=my file.pdf` (no spaces, unquoted file name) — a
 * form undici's `Request.formData()` rejects.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value) throw badRequest("multipart/form-data request without a boundary");
  const delimiter = Buffer.from(`--${value}`);
  const partEnd = Buffer.concat([CRLF, delimiter]);

  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest("can't parse multipart/form-data request body");
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // "--": the closing delimiter
    if (body.subarray(pos, pos + 2).equals(CRLF)) pos += 2;
    const next = body.indexOf(partEnd, pos);
    if (next < 0) throw badRequest("can't parse multipart/form-data request body: unterminated part");
    addPart(body.subarray(pos, next), fields, files);
    pos = next + CRLF.length;
  }
  return { fields, files };
}

function addPart(part: Buffer, fields: Record<string, string>, files: Map<string, UploadedFile>): void {
  const headerEnd = part.indexOf(HEADER_END);
  const headerText = (headerEnd < 0 ? part : part.subarray(0, headerEnd)).toString("utf8");
  const content = headerEnd < 0 ? Buffer.alloc(0) : part.subarray(headerEnd + HEADER_END.length);
  const disposition = headerText
    .split("\r\n")
    .map((line) => /^\s*content-disposition\s*:\s*(.*)$/i.exec(line)?.[1])
    .find((v) => v !== undefined);
  if (disposition === undefined) {
    throw badRequest("can't parse multipart/form-data request body: part without content-disposition");
  }
  const name = /(?:^|;)\s*name\s*=\s*(?:"([^"]*)"|([^;]*))/i.exec(disposition);
  const fieldName = name?.[1] ?? name?.[2]?.trim();
  if (!fieldName) throw badRequest("can't parse multipart/form-data request body: part without a name");
  const fileName = parseFileName(disposition);
  if (fileName === undefined) {
    fields[fieldName] = content.toString("utf8");
  } else {
    // Copy: the request buffer is released after the call, the stored file lives on.
    files.set(fieldName, { fileName, bytes: Buffer.from(content) });
  }
}

/** `filename` is the last parameter in grammY's parts and may be unquoted with spaces or `;` in it. */
function parseFileName(disposition: string): string | undefined {
  const match = /(?:^|;)\s*filename\s*=\s*/i.exec(disposition);
  if (!match) return undefined;
  const rest = disposition.slice(match.index + match[0].length);
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    return end < 0 ? rest.slice(1) : rest.slice(1, end);
  }
  return rest.trim();
}
