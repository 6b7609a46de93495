import { readFileSync } from "node:fs";

/**
 * The Mini App page: plain HTML, CSS and a small script from `src/miniapp/page/`, with the texts
 * of both languages filled in (the page picks one). Telegram's `telegram-web-app.js` is the only
 * script from outside, loaded from telegram.org as Telegram's docs require; the playground serves
 * the same page with its own stand-in for that script.
 */

export const TELEGRAM_WEB_APP_SCRIPT = "https://telegram.org/js/telegram-web-app.js";

/** Every text the page shows: i18n keys `miniapp-page-<name>`. */
export const PAGE_TEXTS = [
  "title",
  "hint",
  "scanning",
  "not-payment",
  "sending",
  "sent",
  "expired",
  "failed",
  "closed",
  "scan-again",
  "photo-button",
  "unsupported",
  "not-in-telegram",
] as const;

export interface PageAsset {
  bytes: Buffer;
  type: string;
  headers: Record<string, string>;
}

/** The page's own files by name ("" is the page itself), ready to send. */
export type MiniAppAssets = ReadonlyMap<string, PageAsset>;

// The same path from src/miniapp (tsx) and dist/miniapp (the build): the page is not compiled.
const PAGE_DIR = new URL("../../src/miniapp/page/", import.meta.url);

const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

/**
 * Only the page's own files and Telegram's script run; it talks only to its own origin. Telegram Web
 * shows Mini Apps in an iframe, the phone apps in a web view of their own.
 */
export function pageCsp(telegramScript: string, frameAncestors: string): string {
  const scriptOrigin = new URL(telegramScript, "https://self.invalid").origin;
  return [
    "default-src 'none'",
    `script-src 'self'${scriptOrigin === "https://self.invalid" ? "" : ` ${scriptOrigin}`}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** `<` and friends escaped, so the JSON cannot end the script element it sits in. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const TEXTS_PLACEHOLDER = '"texts for both languages, filled in by page.ts"';

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

export function loadMiniAppAssets(options: {
  /** Where `Telegram.WebApp` comes from. */
  telegramScript: string;
  /** `miniapp-page-<name>` in a locale. */
  text: (locale: string, key: string) => string;
  locales: readonly string[];
  /** Who may frame the page (CSP frame-ancestors). */
  frameAncestors?: string;
}): MiniAppAssets {
  const read = (file: string) => readFileSync(new URL(file, PAGE_DIR));
  const texts = Object.fromEntries(
    options.locales.map((locale) => [
      locale,
      Object.fromEntries(
        PAGE_TEXTS.map((name) => [camel(name), options.text(locale, `miniapp-page-${name}`)]),
      ),
    ]),
  );
  const html = read("scan.html")
    .toString("utf8")
    .replace("%TELEGRAM_SCRIPT%", options.telegramScript)
    .replace(TEXTS_PLACEHOLDER, jsonForScript(texts));
  const csp = pageCsp(options.telegramScript, options.frameAncestors ?? "https://web.telegram.org");
  return new Map<string, PageAsset>([
    [
      "",
      {
        bytes: Buffer.from(html),
        type: "text/html; charset=utf-8",
        headers: { ...COMMON, "content-security-policy": csp },
      },
    ],
    ["scan.js", { bytes: read("scan.js"), type: "text/javascript; charset=utf-8", headers: COMMON }],
    ["scan.css", { bytes: read("scan.css"), type: "text/css; charset=utf-8", headers: COMMON }],
  ]);
}
