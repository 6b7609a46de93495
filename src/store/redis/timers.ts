import type { Keys } from "../keys.js";
import { LuaScript } from "../lua.js";
import type { RedisClient } from "../redis.js";
import type { DueTimer, TimerStore } from "../types.js";

/**
 * Durable timers in one sorted set (`sched`, member `<kind>:<id>`, score = when due). Claiming a due
 * timer moves it `leaseMs` into the future in the same atomic step, so exactly one instance works on
 * it, and if that instance dies the timer comes due again instead of being lost.
 */

const CLAIM = new LuaScript(`
local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, ARGV[3])
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return due
`);

export class RedisTimerStore implements TimerStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key = () => this.keys.key("sched");
  private member = (kind: string, id: string) => `${kind}:${id}`;

  async schedule(kind: string, id: string, dueAt: number): Promise<void> {
    await this.redis.zAdd(this.key(), { score: dueAt, value: this.member(kind, id) });
  }

  /** Schedules only when no such timer exists (an existing one keeps its time). */
  async ensure(kind: string, id: string, dueAt: number): Promise<void> {
    await this.redis.zAdd(this.key(), { score: dueAt, value: this.member(kind, id) }, { condition: "NX" });
  }

  async cancel(kind: string, id: string): Promise<void> {
    await this.redis.zRem(this.key(), this.member(kind, id));
  }

  async dueAt(kind: string, id: string): Promise<number | undefined> {
    const score = await this.redis.zScore(this.key(), this.member(kind, id));
    return score ?? undefined;
  }

  /** Timers due at `now`, each leased to the caller until `now + leaseMs`. */
  async claimDue(now: number, leaseMs: number, limit = 100): Promise<DueTimer[]> {
    const members = (await CLAIM.run(this.redis, [this.key()], [now, now + leaseMs, limit])) as string[];
    return members.map((member) => {
      const at = member.indexOf(":");
      return { kind: member.slice(0, at), id: member.slice(at + 1) };
    });
  }

  /** When the next timer is due, to sleep exactly that long. */
  async nextDueAt(): Promise<number | undefined> {
    const [first] = await this.redis.zRangeWithScores(this.key(), 0, 0);
    return first?.score;
  }
}
