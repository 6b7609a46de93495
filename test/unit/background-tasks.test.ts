import { describe, expect, it } from "vitest";
import { BackgroundTasks } from "../../src/lib/background-tasks.js";
import { createLogger } from "../../src/logger.js";

const logger = createLogger({ level: "silent", format: "json", secrets: [] });

describe("BackgroundTasks", () => {
  it("drains work started in the background, including work it starts", async () => {
    const tasks = new BackgroundTasks(logger);
    const done: string[] = [];
    tasks.run("outer", async () => {
      await new Promise((r) => setTimeout(r, 20));
      done.push("outer");
      tasks.run("inner", async () => {
        await new Promise((r) => setTimeout(r, 20));
        done.push("inner");
      });
    });
    expect(await tasks.drain(2_000)).toBe(true);
    expect(done).toEqual(["outer", "inner"]);
  });

  it("logs failures instead of throwing, and gives up draining at the deadline", async () => {
    const tasks = new BackgroundTasks(logger);
    tasks.run("fails", async () => {
      throw new Error("boom");
    });
    tasks.run("hangs", () => new Promise(() => {}));
    expect(await tasks.drain(50)).toBe(false);
    expect(tasks.size).toBe(1);
  });

  it("tracks awaited work and passes its result through", async () => {
    const tasks = new BackgroundTasks(logger);
    const result = tasks.track(new Promise((r) => setTimeout(() => r(7), 20)));
    expect(tasks.size).toBe(1);
    expect(await result).toBe(7);
    expect(tasks.size).toBe(0);
    await expect(tasks.track(Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(tasks.size).toBe(0);
  });
});
