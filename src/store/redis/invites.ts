import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";
import type { Invite, InviteStore } from "../types.js";

/**
 * `invite:<token>` → JSON with its own expiry; `invites` lists the tokens for /invites. Taking an
 * invite is GETDEL: of any number of people following one link, exactly one gets it.
 */
export class RedisInviteStore implements InviteStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key = (token: string) => this.keys.key("invite", token);
  private listKey = () => this.keys.key("invites");

  async create(invite: Invite): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(invite.token), JSON.stringify(invite), { PXAT: invite.expiresAt })
      .sAdd(this.listKey(), invite.token)
      .exec();
  }

  async take(token: string): Promise<Invite | undefined> {
    const json = await this.redis.getDel(this.key(token));
    await this.redis.sRem(this.listKey(), token);
    return json ? (JSON.parse(json) as Invite) : undefined;
  }

  async revoke(token: string): Promise<boolean> {
    return (await this.take(token)) !== undefined;
  }

  async list(): Promise<Invite[]> {
    const tokens = await this.redis.sMembers(this.listKey());
    if (tokens.length === 0) return [];
    const values = await this.redis.mGet(tokens.map((t) => this.key(t)));
    const gone = tokens.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.sRem(this.listKey(), gone);
    return values
      .filter((v): v is string => typeof v === "string")
      .map((json) => JSON.parse(json) as Invite)
      .sort((a, b) => a.createdAt - b.createdAt);
  }
}
