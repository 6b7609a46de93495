import type { Keys } from "../keys.js";
import { LuaScript } from "../lua.js";
import type { RedisClient } from "../redis.js";
import type { PaymentQuery, PaymentStore, StoredPayment } from "../types.js";

/**
 * Payment records in Redis. A record is a hash `{ rev, json }`; every change is a compare-and-set on
 * `rev` (Lua), so concurrent writers — a double tap, a webhook racing a poll, a second instance —
 * cannot overwrite each other: the loser re-reads and decides again.
 *
 * Keys: `pay:<id>` record · `pay:open` ids not final yet · `pay:provider:<name>:<providerId>` → id ·
 * `pay:chat:<chatId>`, `pay:person:<userId>` and `pay:all` (sorted by creation time).
 */

const CREATE = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', '1', 'json', ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[2]) end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[2])
return 1
`);

const UPDATE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', tostring(tonumber(ARGV[1]) + 1), 'json', ARGV[2])
if ARGV[4] == '1' then redis.call('SADD', KEYS[2], ARGV[3]) else redis.call('SREM', KEYS[2], ARGV[3]) end
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[3]) end
return 1
`);

export class ConcurrentUpdateError extends Error {
  override name = "ConcurrentUpdateError";
}

export class RedisPaymentStore<T extends StoredPayment> implements PaymentStore<T> {
  /** The revision each record object we handed out was read or written at (for `update`'s `known`). */
  private readonly revisions = new WeakMap<T, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private recordKey = (id: string) => this.keys.key("pay", id);
  private openKey = () => this.keys.key("pay", "open");
  private providerKey = (provider: string, providerId: string) =>
    this.keys.key("pay", "provider", provider, providerId);
  private chatKey = (chatId: number) => this.keys.key("pay", "chat", chatId);
  private personKey = (personId: number) => this.keys.key("pay", "person", personId);
  private allKey = () => this.keys.key("pay", "all");

  async create(record: T): Promise<boolean> {
    const created = await CREATE.run(
      this.redis,
      [
        this.recordKey(record.id),
        this.openKey(),
        this.providerKey(record.provider, record.providerId),
        this.chatKey(record.chatId),
        this.allKey(),
        this.personKey(record.personId),
      ],
      [JSON.stringify(record), record.id, record.open ? "1" : "0", record.createdAt],
    );
    return created === 1;
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.read(id))?.record;
  }

  private async read(id: string): Promise<{ record: T; rev: string } | undefined> {
    const [rev, json] = await this.redis.hmGet(this.recordKey(id), ["rev", "json"]);
    if (!rev || !json) return undefined;
    const record = JSON.parse(json) as T;
    this.revisions.set(record, rev);
    return { record, rev };
  }

  async findByProviderId(provider: string, providerId: string): Promise<T | undefined> {
    const id = await this.redis.get(this.providerKey(provider, providerId));
    return id ? this.get(id) : undefined;
  }

  async update(
    id: string,
    change: (current: T) => T | undefined,
    known?: T,
  ): Promise<{ record: T; changed: boolean } | undefined> {
    const knownRev = known && known.id === id ? this.revisions.get(known) : undefined;
    // A webhook or a timer has usually just read the record: try that version before reading again.
    let hint = known && knownRev ? { record: known, rev: knownRev } : undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = hint ?? (await this.read(id));
      const fromHint = hint !== undefined;
      hint = undefined;
      if (!current) return undefined;
      const next = change(current.record);
      if (!next) {
        if (fromHint) continue;
        return { record: current.record, changed: false };
      }
      const providerMoved =
        next.providerId !== current.record.providerId || next.provider !== current.record.provider;
      const keys = [this.recordKey(id), this.openKey()];
      if (providerMoved) keys.push(this.providerKey(next.provider, next.providerId));
      const ok = await UPDATE.run(this.redis, keys, [
        current.rev,
        JSON.stringify(next),
        id,
        next.open ? "1" : "0",
      ]);
      if (ok === 1) {
        this.revisions.set(next, String(Number(current.rev) + 1));
        return { record: next, changed: true };
      }
    }
    throw new ConcurrentUpdateError(`payment ${id} kept changing under us`);
  }

  async openIds(): Promise<string[]> {
    return this.redis.sMembers(this.openKey());
  }

  async recent(query: PaymentQuery): Promise<T[]> {
    const key =
      query.chatId !== undefined
        ? this.chatKey(query.chatId)
        : query.personId !== undefined
          ? this.personKey(query.personId)
          : this.allKey();
    const ids = await this.redis.zRange(key, query.to ?? "+inf", query.from ?? "-inf", {
      BY: "SCORE",
      REV: true,
      LIMIT: { offset: 0, count: query.limit },
    });
    const records = await this.getMany(ids);
    // One index at a time: a chat query that also names a person is narrowed here.
    return query.chatId !== undefined && query.personId !== undefined
      ? records.filter((r) => r.personId === query.personId)
      : records;
  }

  async getMany(ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.hGet(this.recordKey(id), "json");
    const rows = (await multi.exec()) as unknown as Array<string | null>;
    return rows
      .filter((json): json is string => typeof json === "string")
      .map((json) => JSON.parse(json) as T);
  }
}
