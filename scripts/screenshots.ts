/**
 * `npm run screenshots [-- --lang ru|en] [--out docs/screenshots]`: the playground's main screens
 * as PNG, in Russian and in English. Starts a fresh playground per language in this process (the
 * emulator, the simulators and the real bot, on free loopback ports), drives it through the page's
 * API like a person would, and photographs the page in headless Chromium (Debian's, as the browser
 * tests use). With a Redis at REDIS_URL the run uses a throwaway prefix and deletes it afterwards;
 * without one, the in-memory store. Not part of `npm test`: it takes a minute or two.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { createLogger } from "../src/logger.js";
import { playgroundConfig } from "../src/playground/config.js";
import { type Playground, startPlayground } from "../src/playground/runner.js";
import { closeRedis, createRedis } from "../src/store/redis.js";
import { launchChromium } from "../test/support/browser.js";
import { Driver } from "./screenshots/driver.js";
import { scenes } from "./screenshots/scenes.js";

const LANGUAGES = ["ru", "en"] as const;
type Language = (typeof LANGUAGES)[number];

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

const { values } = parseArgs({
  options: {
    lang: { type: "string", multiple: true },
    out: { type: "string", default: "docs/screenshots" },
  },
});
const languages = (values.lang ?? [...LANGUAGES]).map((l) => {
  if (!(LANGUAGES as readonly string[]).includes(l)) throw new Error(`--lang: ru or en, not ${l}`);
  return l as Language;
});
const outDir = values.out;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Without a colour emoji font, Chromium draws ✅ and 📷 as empty boxes. */
function warnWithoutEmojiFont(): void {
  try {
    if (/emoji/i.test(execFileSync("fc-list", [":", "family"], { encoding: "utf8" }))) return;
  } catch {
    // No fontconfig: say the same.
  }
  console.warn("⚠️  no emoji font: icons will be boxes. Debian: apt-get install -y fonts-noto-color-emoji");
}

async function startFresh(): Promise<{ pg: Playground; cleanup(): Promise<void> }> {
  const logger = createLogger({ level: "warn", format: "json", secrets: [], destination: process.stderr });
  const base = playgroundConfig({
    REDIS_URL,
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    QR_THREADS: "1",
    TIMEZONE: "Europe/Moscow",
    TIMER_TICK_MS: "200",
  });
  const prefix = `qrpay-screenshots:${randomBytes(4).toString("hex")}`;
  const config = { ...base, redis: { ...base.redis, prefix } };
  const pg = await startPlayground({ config, logger, host: "127.0.0.1", port: 0, storage: "auto" });
  return {
    pg,
    cleanup: async () => {
      await pg.stop();
      if (pg.storage !== "redis") return;
      const redis = await createRedis({ url: REDIS_URL, logger });
      try {
        for await (const batch of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 }))
          if (batch.length > 0) await redis.del(batch);
      } finally {
        await closeRedis(redis);
      }
    },
  };
}

async function shoot(browser: Browser, lang: Language): Promise<string[]> {
  const { pg, cleanup } = await startFresh();
  const written: string[] = [];
  let page: Page | undefined;
  try {
    page = await browser.newPage({
      viewport: DESKTOP,
      locale: "ru-RU",
      timezoneId: "Europe/Moscow",
      reducedMotion: "reduce",
      colorScheme: "light",
      // The page's CSP allows no inline style, and the pictures hide the toasts with one.
      bypassCSP: true,
    });
    await page.goto(pg.url);
    await page.locator("body[data-ready=true]").waitFor();
    const d = new Driver(pg, page, outDir, lang);
    const shown = page;
    const overview = async (driver: Driver) => {
      written.push(await driver.shotPage("overview"));
      await shown.setViewportSize(PHONE);
      await driver.show("payer");
      written.push(await driver.shotPage("phone"));
      await shown.setViewportSize(DESKTOP);
    };
    for (const scene of scenes(pg, lang, { page: overview })) {
      try {
        await scene.run(d);
        await d.settle(scene.who);
        await d.show(scene.who);
        written.push(await d.shotChat(scene.name));
        await scene.after?.(d);
      } catch (err) {
        throw new Error(`${lang} ${scene.name}: ${(err as Error).message}`, { cause: err });
      }
    }
    return written;
  } finally {
    await page?.close();
    await cleanup();
  }
}

warnWithoutEmojiFont();
const browser = await launchChromium();
try {
  for (const lang of languages) {
    for (const old of readdirSync(outDir, { withFileTypes: true }).filter(
      (f) => f.isFile() && f.name.startsWith(`${lang}-`) && f.name.endsWith(".png"),
    ))
      rmSync(join(outDir, old.name));
    const files = await shoot(browser, lang);
    console.log(`${lang}: ${files.map((f) => relative(process.cwd(), f)).join(", ")}`);
  }
} finally {
  await browser.close();
}
