import type { Keys } from "../keys.js";
import { LuaScript } from "../lua.js";
import type { RedisClient } from "../redis.js";
import type { PeopleStore, PersonRecord } from "../types.js";

// Compare-and-set on the stored JSON: the change is applied only if nobody wrote in between.
const REPLACE = new LuaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`);

/** People in one hash: `people` field <user id> → JSON. */
export class RedisPeopleStore implements PeopleStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key = () => this.keys.key("people");

  async get(id: number): Promise<PersonRecord | undefined> {
    const json = await this.redis.hGet(this.key(), String(id));
    return json ? (JSON.parse(json) as PersonRecord) : undefined;
  }

  async list(): Promise<PersonRecord[]> {
    const all = await this.redis.hGetAll(this.key());
    return Object.values(all).map((json) => JSON.parse(json) as PersonRecord);
  }

  async put(person: PersonRecord): Promise<void> {
    await this.redis.hSet(this.key(), String(person.id), JSON.stringify(person));
  }

  async update(
    id: number,
    change: (current: PersonRecord) => PersonRecord,
  ): Promise<PersonRecord | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const json = await this.redis.hGet(this.key(), String(id));
      if (!json) return undefined;
      const next = change(JSON.parse(json) as PersonRecord);
      if ((await REPLACE.run(this.redis, [this.key()], [String(id), json, JSON.stringify(next)])) === 1)
        return next;
    }
    throw new Error(`person ${id} kept changing under us`);
  }

  async remove(id: number): Promise<boolean> {
    return (await this.redis.hDel(this.key(), String(id))) === 1;
  }
}
