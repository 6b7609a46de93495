import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { lazyChild } from "../../src/lib/lazy-logger.js";
import { createLogger } from "../../src/logger.js";

describe("lazyChild", () => {
  it("builds the child only when a line is actually written, with its bindings", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const parent = createLogger({ level: "info", format: "json", secrets: [], destination });
    let built = 0;
    const log = lazyChild(parent, () => {
      built++;
      return { requestId: "r1" };
    });
    log.debug("below the level");
    expect(built).toBe(0);
    log.info({ status: 200 }, "done");
    log.warn("again");
    expect(built).toBe(1);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: "r1", status: 200, msg: "done" });
  });
});
