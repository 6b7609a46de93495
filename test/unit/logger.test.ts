import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, createScrubber, REDACTED } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnop";

describe("logger", () => {
  it("redacts secret fields and scrubs secret values anywhere in a line", () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      level: "debug",
      format: "json",
      secrets: [TOKEN, "lumo-key-xyz"],
      destination,
    });
    logger.info({ headers: { authorization: "Bearer abc", "x-api-key": "lumo-key-xyz" } }, "request");
    logger.info({ url: `https://api.telegram.org/bot${TOKEN}/getMe` }, "calling");
    logger.error({ err: new Error(`failed with key lumo-key-xyz`) }, "boom");
    logger.info({ config: { apiKey: "other", webhookSecret: "whsec" }, signature: "t=1,v1=ff" }, "config");
    const out = lines.join("");
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("lumo-key-xyz");
    expect(out).not.toContain("Bearer abc");
    expect(out).not.toContain("whsec");
    expect(out).not.toContain("v1=ff");
    expect(out).toContain(REDACTED);
  });

  it("recognises bot tokens and Ardor keys nobody declared", () => {
    const scrub = createScrubber([]);
    expect(scrub(`token 987654321:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789 end`)).toBe(`token ${REDACTED} end`);
    expect(scrub(`key sk_live_abcDEF_123 end`)).toBe(`key ${REDACTED} end`);
  });

  it("scrubs URL-encoded and JSON-escaped forms of a secret", () => {
    const scrub = createScrubber(['p@ss"word']);
    expect(scrub("redis://:p%40ss%22word@host")).not.toContain("p%40ss%22word");
    expect(scrub(JSON.stringify({ v: 'p@ss"word' }))).not.toContain('p@ss\\"word');
  });
});
