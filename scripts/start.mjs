// `npm start`: builds when a source file is newer than the build, then runs the bot in this very
// process (no shell in between), so SIGTERM and SIGINT reach it and shutdown stays graceful.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
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
const built = existsSync(info) ? statSync(info).mtimeMs : 0;
if (built === 0 || newest(join(root, "src")) > built) {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  process.stderr.write("Building…\n");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
}
await import(new URL("../dist/main.js", import.meta.url).href);
