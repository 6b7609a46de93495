// `npm start`: builds when a source file is newer than the build, then runs the bot in this very
// process (no shell in between), so SIGTERM and SIGINT reach it and shutdown stays graceful.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// tsc writes its build info last (and, with noEmitOnError, only for a clean build): a build that
// was interrupted or failed never counts as done.
const info = join(root, "dist", ".tsbuildinfo");
const stale = () => !existsSync(info) || newest(join(root, "src")) > statSync(info).mtimeMs;

// Two starts at once (two terminals, a test run) must not both write dist/: one builds, the
// other waits for it and then finds the build fresh. A lock left by a killed build expires.
const lock = join(root, "dist", ".build-lock");
const LOCK_EXPIRES_MS = 5 * 60_000;
function withBuildLock(work) {
  mkdirSync(join(root, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > LOCK_EXPIRES_MS)
        rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (stale()) {
  withBuildLock(() => {
    if (!stale()) return;
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    process.stderr.write("Building…\n");
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  });
}
await import(new URL("../dist/main.js", import.meta.url).href);
