import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PLAYGROUND_CREDENTIALS } from "../../src/playground/config.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Resolves with the first match of `pattern` in the growing output, or rejects after `timeoutMs`. */
function waitForOutput(output: string[], pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const found = pattern.exec(output.join(""));
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${output.join("")}`));
      }
    }, 100);
  });
}

describe("npm start without a bot token", () => {
  it("starts the playground, prints its address, serves the page and stops cleanly on SIGTERM", async () => {
    // Only what a fresh clone has: no BOT_TOKEN, no .env values; no Redis at this address.
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        PLAYGROUND_PORT: "0",
        REDIS_URL: "redis://127.0.0.1:9",
        QR_THREADS: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    try {
      const [, url] = await waitForOutput(
        output,
        /playground is ready: open (http:\/\/127\.0\.0\.1:\d+)/,
        90_000,
      );
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("QR Pay");
      const state = (await (await fetch(`${url}/api/state`)).json()) as { storage: string };
      expect(state.storage).toBe("memory");
      expect(output.join("")).toContain("data is kept in memory");

      child.kill("SIGTERM");
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    const text = output.join("");
    for (const secret of Object.values(PLAYGROUND_CREDENTIALS)) expect(text).not.toContain(secret);
  }, 120_000);
});
