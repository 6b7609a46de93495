import type { CompanyLimits, Limits } from "../payments/limits.js";
import { effectiveLimits } from "../payments/limits.js";
import type { Person } from "../payments/types.js";
import type { PeopleStore, PersonRecord, Role } from "../store/types.js";

/** A person the bot serves, as the features see them. */
export interface Member extends Person {
  role: Role;
  /** Named in ADMIN_IDS: an administrator by configuration, not removable from the bot. */
  configured: boolean;
}

/**
 * Who may use the bot and as what. Administrators from ADMIN_IDS always are; everyone else only
 * while the people store says so — a removed person loses access with their very next update.
 */
export class Access {
  constructor(
    private readonly people: PeopleStore,
    private readonly adminIds: readonly number[],
    private readonly company: CompanyLimits,
  ) {}

  isConfiguredAdmin(id: number): boolean {
    return this.adminIds.includes(id);
  }

  async member(user: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
  }): Promise<Member | undefined> {
    const configured = this.isConfiguredAdmin(user.id);
    const stored = await this.people.get(user.id);
    if (!stored && !configured) return undefined;
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
    const username = user.username;
    // Keep names fresh for lists, approvals and exports; written only when they change.
    if (!stored || stored.name !== name || stored.username !== username) {
      await this.people.put({
        ...(stored ?? { id: user.id, role: "admin" as const, addedAt: Date.now() }),
        name,
        ...(username ? { username } : {}),
        ...(configured ? { role: "admin" as const } : {}),
      } as PersonRecord);
    }
    return {
      id: user.id,
      name,
      ...(username ? { username } : {}),
      role: configured ? "admin" : stored!.role,
      configured,
    };
  }

  async isAdmin(id: number): Promise<boolean> {
    return this.isConfiguredAdmin(id) || (await this.people.get(id))?.role === "admin";
  }

  /** Everyone who decides: ADMIN_IDS and people made administrators in the bot. */
  async admins(): Promise<number[]> {
    const stored = (await this.people.list()).filter((p) => p.role === "admin").map((p) => p.id);
    return [...new Set([...this.adminIds, ...stored])];
  }

  async limitsOf(id: number): Promise<Limits> {
    return effectiveLimits((await this.people.get(id))?.limits, this.company);
  }
}
