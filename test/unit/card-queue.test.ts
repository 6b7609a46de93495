import { describe, expect, it } from "vitest";
import { CardQueue } from "../../src/bot/card-queue.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("CardQueue", () => {
  it("draws one payment's versions one at a time, in the order they were asked for", async () => {
    const queue = new CardQueue();
    const drawn: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run("P1", 2, async () => {
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      drawn.push("v2");
    });
    const second = queue.run("P1", 3, async () => {
      drawn.push("v3");
    });
    await tick();
    expect(drawn).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(drawn).toEqual(["v2", "v3"]);
  });

  it("skips a version older than one already drawn (a late ⏳ never covers the final card)", async () => {
    const queue = new CardQueue();
    const drawn: number[] = [];
    const draw = (v: number) => async () => {
      drawn.push(v);
    };
    await queue.run("P1", 5, draw(5));
    await Promise.all([
      queue.run("P1", 3, draw(3)),
      queue.run("P1", 5, draw(5)),
      queue.run("P1", 6, draw(6)),
    ]);
    expect(drawn).toEqual([5, 5, 6]);
  });

  it("keeps payments independent and forgets a payment once its draws are done", async () => {
    const queue = new CardQueue();
    let release!: () => void;
    const slow = queue.run("P1", 1, () => new Promise<void>((resolve) => (release = resolve)));
    let otherDrawn = false;
    await queue.run("P2", 1, async () => {
      otherDrawn = true;
    });
    expect(otherDrawn).toBe(true);
    await tick();
    expect(queue.size).toBe(1);
    release();
    await slow;
    await tick();
    expect(queue.size).toBe(0);
  });

  it("passes a failed draw to its caller and still runs the next one", async () => {
    const queue = new CardQueue();
    const failed = queue.run("P1", 1, async () => {
      throw new Error("telegram down");
    });
    const next = queue.run("P1", 2, async () => {});
    await expect(failed).rejects.toThrow("telegram down");
    await expect(next).resolves.toBeUndefined();
  });
});
