import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The page's static files, read once at start-up. */

// The same path from src/playground (tsx) and dist/playground (the build): the page is not compiled.
const PAGE_DIR = new URL("../../src/playground/page/", import.meta.url);

const STATIC_FILES = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
  // What a browser asks for before it reads the page's <link rel="icon">; Chromium and Firefox take
  // an SVG by its content type.
  "/favicon.ico": { file: "favicon.svg", type: "image/svg+xml" },
} as const;

export type PageAssets = ReadonlyMap<string, { bytes: Buffer; type: string }>;

export function loadPage(): PageAssets {
  try {
    return new Map(
      Object.entries(STATIC_FILES).map(([path, { file, type }]) => [
        path,
        { bytes: readFileSync(new URL(file, PAGE_DIR)), type },
      ]),
    );
  } catch (err) {
    throw new Error(
      `the playground page is not at ${fileURLToPath(PAGE_DIR)}: the playground runs from a source checkout`,
      { cause: err },
    );
  }
}
