import type { Keys } from "../keys.js";
import { LuaScript } from "../lua.js";
import type { RedisClient } from "../redis.js";
import type { SpendStore } from "../types.js";

// Check and add in one step, so two Pay presses at once cannot both squeeze under the limit.
const RESERVE = new LuaScript(`
local total = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1])
if ARGV[2] ~= '' and total > tonumber(ARGV[2]) then return {0, total - tonumber(ARGV[1])} end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, total}
`);

/** `spend:<personId>:<YYYY-MM-DD>` → kopecks committed that day; kept a few days. */
export class RedisSpendStore implements SpendStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly keepSeconds = 3 * 24 * 3600,
  ) {}

  private key = (personId: number, day: string) => this.keys.key("spend", personId, day);

  async reserve(personId: number, day: string, amountMinor: number, limitMinor?: number) {
    const [ok, total] = (await RESERVE.run(
      this.redis,
      [this.key(personId, day)],
      [amountMinor, limitMinor ?? "", this.keepSeconds],
    )) as [number, number];
    return { ok: ok === 1, total };
  }

  async release(personId: number, day: string, amountMinor: number): Promise<void> {
    await this.redis.decrBy(this.key(personId, day), amountMinor);
  }

  async spent(personId: number, day: string): Promise<number> {
    return Number((await this.redis.get(this.key(personId, day))) ?? 0);
  }
}
