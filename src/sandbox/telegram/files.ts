import { randomBytes } from "node:crypto";
import type { Document, File, PhotoSize } from "grammy/types";
import type { PhotoRendition } from "./photos.js";

/** Bots may download files up to this size with getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: "photo" | "document";
  bytes: Buffer;
  fileName?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  /** Assigned by the first getFile, like Telegram's file_path. */
  filePath?: string;
  /** For a photo size: every size of the same photo, so a file_id can be re-sent as the whole photo. */
  photo?: PhotoSize[];
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  zip: "application/zip",
  xml: "application/xml",
  html: "text/html",
};

/** Telegram guesses a document's MIME type from its name; so do we. */
export function mimeTypeFor(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && MIME_BY_EXTENSION[ext]) ?? "application/octet-stream";
}

const randomId = (bytes: number) => randomBytes(bytes).toString("base64url");

/** Every file users and bots have sent, by file_id and (after getFile) by file_path. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private pathCounter = 0;

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  byFilePath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  /** Puts back a file archived under its ids (the playground's restart); it is not re-encoded. */
  restore(file: Omit<StoredFile, "filePath" | "photo">): void {
    this.byId.set(file.fileId, { ...file, bytes: Buffer.from(file.bytes) });
  }

  /** Stores the renditions of one photo; returns its PhotoSize array, smallest first. */
  addPhoto(renditions: PhotoRendition[]): PhotoSize[] {
    const sizes: PhotoSize[] = [];
    for (const r of renditions) {
      const file = this.add({ kind: "photo", bytes: r.bytes, width: r.width, height: r.height });
      file.photo = sizes;
      sizes.push({
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_size: r.bytes.length,
        width: r.width,
        height: r.height,
      });
    }
    return sizes;
  }

  addDocument(bytes: Buffer, fileName: string, mimeType?: string): Document {
    const file = this.add({ kind: "document", bytes, fileName, mimeType: mimeType ?? mimeTypeFor(fileName) });
    return documentOf(file);
  }

  /** The File object of getFile; gives the file a download path on first use. */
  fileInfo(file: StoredFile): File {
    if (file.filePath === undefined) {
      const ext =
        file.kind === "photo"
          ? "jpg"
          : (/\.([A-Za-z0-9]{1,8})$/.exec(file.fileName ?? "")?.[1]?.toLowerCase() ?? "");
      const folder = file.kind === "photo" ? "photos" : "documents";
      file.filePath = `${folder}/file_${++this.pathCounter}${ext ? `.${ext}` : ""}`;
      this.byPath.set(file.filePath, file);
    }
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    };
  }

  private add(file: Omit<StoredFile, "fileId" | "fileUniqueId">): StoredFile {
    // Shaped like real ids (photo ids start with AgAC, documents with BQAC) so logs look familiar.
    const prefix = file.kind === "photo" ? "AgACAgIAAxkBAAI" : "BQACAgIAAxkBAAI";
    const stored: StoredFile = {
      ...file,
      fileId: `${prefix}${randomId(48)}`,
      fileUniqueId: `${file.kind === "photo" ? "AQAD" : "AgAD"}${randomId(9)}`,
    };
    this.byId.set(stored.fileId, stored);
    return stored;
  }
}

export function documentOf(file: StoredFile): Document {
  const doc: Document = {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
  };
  if (file.fileName !== undefined) doc.file_name = file.fileName;
  if (file.mimeType !== undefined) doc.mime_type = file.mimeType;
  return doc;
}
