import type { Keys } from "../keys.js";
import { LuaScript } from "../lua.js";
import type { RedisClient } from "../redis.js";
import type {
  AuditDraft,
  RecordNamespace,
  RecordQuery,
  RecordStore,
  StoredRecord,
  UpdateOptions,
} from "../types.js";
import { auditFields, auditKey } from "./audit.js";

/**
 * Money records in Redis, one namespace per kind (`pay`, `inv`, `top`). A record is a hash
 * `{ rev, json }`; every change is a compare-and-set on `rev` (Lua), so concurrent writers — a double
 * tap, a webhook racing a poll, a second instance — cannot overwrite each other: the loser re-reads
 * and decides again. Audit entries that belong to a change are appended by the same script, so a
 * change and its audit trail are written together or not at all.
 *
 * Keys: `<ns>:<id>` record · `<ns>:open` ids not final yet · `<ns>:provider:<name>:<providerId>` → id ·
 * `<ns>:chat:<chatId>`, `<ns>:person:<userId>` and `<ns>:all` (sorted by creation time).
 */

// Audit entries travel as 8 arguments each (field, value × 4), after the fixed arguments.
const APPEND_AUDIT = `
for i = FIRST_AUDIT, #ARGV, 8 do
  redis.call('XADD', AUDIT_KEY, '*', ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4], ARGV[i+5], ARGV[i+6], ARGV[i+7])
end
`;

const CREATE = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', '1', 'json', ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[2]) end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[2])
${APPEND_AUDIT.replace("FIRST_AUDIT", "5").replace("AUDIT_KEY", "KEYS[7]")}
return 1
`);

const UPDATE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', tostring(tonumber(ARGV[1]) + 1), 'json', ARGV[2])
if ARGV[4] == '1' then redis.call('SADD', KEYS[2], ARGV[3]) else redis.call('SREM', KEYS[2], ARGV[3]) end
if KEYS[4] then redis.call('SET', KEYS[4], ARGV[3]) end
${APPEND_AUDIT.replace("FIRST_AUDIT", "5").replace("AUDIT_KEY", "KEYS[3]")}
return 1
`);

export class ConcurrentUpdateError extends Error {
  override name = "ConcurrentUpdateError";
}

export class RedisRecordStore<T extends StoredRecord> implements RecordStore<T> {
  /** The revision each record object we handed out was read or written at (for `update`'s `known`). */
  private readonly revisions = new WeakMap<T, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly namespace: RecordNamespace,
    private readonly clock: () => number = Date.now,
  ) {}

  private key = (...parts: (string | number)[]) => this.keys.key(this.namespace, ...parts);
  private recordKey = (id: string) => this.key(id);
  private providerKey = (provider: string, providerId: string) => this.key("provider", provider, providerId);
  private indexKey = (query: RecordQuery) =>
    query.chatId !== undefined
      ? this.key("chat", query.chatId)
      : query.personId !== undefined
        ? this.key("person", query.personId)
        : this.key("all");

  private auditArgs(entries: AuditDraft[] | undefined): string[] {
    const now = this.clock();
    return (entries ?? []).flatMap((entry) => auditFields(entry, now));
  }

  async create(record: T, audit?: AuditDraft[]): Promise<boolean> {
    const created = await CREATE.run(
      this.redis,
      [
        this.recordKey(record.id),
        this.key("open"),
        this.providerKey(record.provider, record.providerId),
        this.key("chat", record.chatId),
        this.key("all"),
        this.key("person", record.personId),
        auditKey(this.keys),
      ],
      [
        JSON.stringify(record),
        record.id,
        record.open ? "1" : "0",
        record.createdAt,
        ...this.auditArgs(audit),
      ],
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
    options: UpdateOptions<T> = {},
  ): Promise<{ record: T; changed: boolean } | undefined> {
    const { known } = options;
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
      const keys = [this.recordKey(id), this.key("open"), auditKey(this.keys)];
      if (providerMoved) keys.push(this.providerKey(next.provider, next.providerId));
      const ok = await UPDATE.run(this.redis, keys, [
        current.rev,
        JSON.stringify(next),
        id,
        next.open ? "1" : "0",
        ...this.auditArgs(options.audit?.(next, current.record)),
      ]);
      if (ok === 1) {
        this.revisions.set(next, String(Number(current.rev) + 1));
        return { record: next, changed: true };
      }
    }
    throw new ConcurrentUpdateError(`${this.namespace} record ${id} kept changing under us`);
  }

  async openIds(): Promise<string[]> {
    return this.redis.sMembers(this.key("open"));
  }

  async recent(query: RecordQuery): Promise<T[]> {
    const ids = await this.redis.zRange(this.indexKey(query), query.to ?? "+inf", query.from ?? "-inf", {
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
