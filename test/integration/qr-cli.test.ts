import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qrPng } from "../unit/qr/images.js";

const SBP =
  "https://qr.nspk.ru/AD10007G66CG666S9NROEHM8IEM90B0T?type=02&bank=100000000014&sum=399&cur=RUB&crc=D590";
const ROOT = join(import.meta.dirname, "..", "..");

function decode(...args: string[]) {
  return spawnSync("npm", ["run", "--silent", "decode", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run --silent decode", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qr-cli-"));
    writeFileSync(join(dir, "code.png"), await qrPng(SBP));
    writeFileSync(join(dir, "notes.txt"), "not a picture");
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints exactly one JSON line per file, in order, and exits 0", () => {
    const files = [
      join(dir, "code.png"),
      join(dir, "notes.txt"),
      join(dir, "missing.jpg"),
      join(dir, "code.png"),
    ];
    const run = decode(...files);
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.at(-1)).toBe("");
    const records = lines.slice(0, -1).map((line) => JSON.parse(line));
    expect(records.map((r) => r.file)).toEqual(files);
    expect(records[0]).toEqual({ file: files[0], text: SBP, texts: [SBP], ms: expect.any(Number) });
    expect(records[1]).toMatchObject({ text: null, texts: [], error: "not_image" });
    expect(records[2]).toMatchObject({ text: null, texts: [], error: "unreadable" });
    expect(records[3]).toMatchObject({ text: SBP });
  });

  it("exits non-zero with usage on stderr and nothing on stdout without files", () => {
    const run = decode();
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("usage");
  });
});
