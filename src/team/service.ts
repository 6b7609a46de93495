import { randomBytes } from "node:crypto";
import { dayOf } from "../lib/time-zone.js";
import { type CompanyLimits, effectiveLimits, type Limits } from "../payments/limits.js";
import type {
  AuditDraft,
  AuditLog,
  Invite,
  InviteStore,
  PeopleStore,
  PersonRecord,
  Role,
  SpendStore,
} from "../store/types.js";
import { type Actor, type Member, type Person, personOf, type UserLike } from "./actor.js";

export interface TeamDeps {
  people: PeopleStore;
  invites: InviteStore;
  audit: AuditLog;
  spend: SpendStore;
  /** ADMIN_IDS: administrators by configuration. */
  adminIds: readonly number[];
  company: CompanyLimits;
  inviteTtlSeconds: number;
  timeZone: string;
  clock?: () => number;
}

/** Why a change to a person was not made. */
export type Refusal = "forbidden" | "not_found" | "configured" | "last_admin";

export type Redeemed =
  | { result: "joined"; person: Person; role: Role; invitedBy: number }
  | { result: "member"; role: Role }
  | { result: "invalid" };

/**
 * The team: who may use the bot and as what, invites, limits — with their audit entries. Every
 * change takes the acting person and checks they may make it (administrators only), whatever the
 * bot showed them. Administrators from ADMIN_IDS change only in the configuration, and the last
 * administrator can be neither removed nor demoted.
 */
export class TeamService {
  private readonly clock: () => number;

  constructor(private readonly deps: TeamDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  isConfiguredAdmin(id: number): boolean {
    return this.deps.adminIds.includes(id);
  }

  /** The person behind a Telegram user, or undefined for a stranger. Keeps names fresh. */
  async member(user: UserLike): Promise<Member | undefined> {
    const configured = this.isConfiguredAdmin(user.id);
    const stored = await this.deps.people.get(user.id);
    if (!stored && !configured) return undefined;
    const { name, username } = personOf(user);
    // Names for lists, approvals and exports; written only when they change.
    if (!stored || stored.name !== name || stored.username !== username) {
      await this.deps.people.put({
        ...(stored ?? { id: user.id, role: "admin" as const, addedAt: this.clock() }),
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

  /** Everyone who decides: ADMIN_IDS and people made administrators in the bot. */
  async admins(): Promise<number[]> {
    const stored = (await this.deps.people.list()).filter((p) => p.role === "admin").map((p) => p.id);
    return [...new Set([...this.deps.adminIds, ...stored])];
  }

  async limitsOf(id: number): Promise<Limits> {
    return effectiveLimits((await this.deps.people.get(id))?.limits, this.deps.company);
  }

  spentToday(id: number): Promise<number> {
    return this.deps.spend.spent(id, dayOf(this.clock(), this.deps.timeZone));
  }

  person(id: number): Promise<PersonRecord | undefined> {
    return this.deps.people.get(id);
  }

  /** The team, administrators first, then by name. */
  async list(): Promise<PersonRecord[]> {
    const order: Record<Role, number> = { admin: 0, payer: 1, viewer: 2 };
    return (await this.deps.people.list()).sort(
      (a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name),
    );
  }

  async invite(actor: Actor, role: Role): Promise<Invite | "forbidden"> {
    if (actor.role !== "admin") return "forbidden";
    const now = this.clock();
    const invite: Invite = {
      token: randomBytes(16).toString("base64url"),
      role,
      createdBy: actor.person.id,
      createdAt: now,
      expiresAt: now + this.deps.inviteTtlSeconds * 1000,
    };
    await this.deps.invites.create(invite);
    await this.audit("invite.issued", actor.person, {
      role,
      expiresAt: invite.expiresAt,
      hint: hint(invite.token),
    });
    return invite;
  }

  /** Live invites, oldest first, with the name of whoever issued each. */
  async invites(actor: Actor): Promise<Array<Invite & { issuer: string }> | "forbidden"> {
    if (actor.role !== "admin") return "forbidden";
    const invites = await this.deps.invites.list();
    return Promise.all(
      invites.map(async (invite) => ({
        ...invite,
        issuer: (await this.deps.people.get(invite.createdBy))?.name ?? String(invite.createdBy),
      })),
    );
  }

  async revokeInvite(actor: Actor, token: string): Promise<boolean | "forbidden"> {
    if (actor.role !== "admin") return "forbidden";
    if (!(await this.deps.invites.revoke(token))) return false;
    await this.audit("invite.revoked", actor.person, { hint: hint(token) });
    return true;
  }

  /**
   * Someone opened an invite link. The invite works once, before it expires, and only while its
   * issuer may still grant its role (an administrator removed or demoted since cannot).
   */
  async redeem(user: UserLike, token: string): Promise<Redeemed> {
    const person = personOf(user);
    const existing = await this.member(user);
    if (existing) return { result: "member", role: existing.role };
    const invite = await this.deps.invites.take(token);
    if (!invite || !(await this.isAdmin(invite.createdBy))) {
      await this.audit("invite.invalid", person, {
        hint: hint(token),
        ...(invite ? { issuerNoLongerAdmin: true } : {}),
      });
      return { result: "invalid" };
    }
    await this.deps.people.put({
      id: person.id,
      name: person.name,
      ...(person.username ? { username: person.username } : {}),
      role: invite.role,
      addedAt: this.clock(),
      addedBy: invite.createdBy,
    });
    await this.audit("invite.used", person, {
      role: invite.role,
      invitedBy: invite.createdBy,
      hint: hint(token),
    });
    return { result: "joined", person, role: invite.role, invitedBy: invite.createdBy };
  }

  /** Whether `id` may be changed by `actor` at all (and who they are). */
  async changeable(actor: Actor, id: number): Promise<PersonRecord | Refusal> {
    if (actor.role !== "admin") return "forbidden";
    const person = await this.deps.people.get(id);
    if (!person) return "not_found";
    if (this.isConfiguredAdmin(id)) return "configured";
    return person;
  }

  async changeRole(actor: Actor, id: number, role: Role): Promise<PersonRecord | Refusal> {
    const person = await this.changeable(actor, id);
    if (typeof person === "string") return person;
    if (person.role === "admin" && role !== "admin" && (await this.lastAdmin())) return "last_admin";
    const changed = (await this.deps.people.update(id, (p) => ({ ...p, role }))) ?? person;
    await this.audit("person.role_changed", actor.person, {
      personId: id,
      name: person.name,
      from: person.role,
      to: role,
    });
    if (person.role === "admin" && role !== "admin") await this.revokeInvitesOf(id, actor);
    return changed;
  }

  async remove(actor: Actor, id: number): Promise<PersonRecord | Refusal> {
    const person = await this.changeable(actor, id);
    if (typeof person === "string") return person;
    if (person.role === "admin" && (await this.lastAdmin())) return "last_admin";
    await this.deps.people.remove(id);
    await this.audit("person.removed", actor.person, { personId: id, name: person.name, role: person.role });
    await this.revokeInvitesOf(id, actor);
    return person;
  }

  /** A person's own limits (kopecks); undefined resets them to the company's defaults. */
  async setLimits(actor: Actor, id: number, limits: Limits | undefined): Promise<PersonRecord | Refusal> {
    if (actor.role !== "admin") return "forbidden";
    const changed = await this.deps.people.update(id, ({ limits: _, ...rest }) =>
      limits ? { ...rest, limits } : rest,
    );
    if (!changed) return "not_found";
    await this.audit("limits.changed", actor.person, {
      personId: id,
      name: changed.name,
      ...(limits
        ? { perPaymentMinor: limits.perPaymentMinor, perDayMinor: limits.perDayMinor }
        : { reset: true }),
    });
    return changed;
  }

  private async isAdmin(id: number): Promise<boolean> {
    return this.isConfiguredAdmin(id) || (await this.deps.people.get(id))?.role === "admin";
  }

  private async lastAdmin(): Promise<boolean> {
    return (await this.admins()).length <= 1;
  }

  /** An administrator's authority ends: so does every invite they issued and nobody used yet. */
  private async revokeInvitesOf(issuer: number, actor: Actor): Promise<void> {
    for (const invite of await this.deps.invites.list()) {
      if (invite.createdBy !== issuer) continue;
      if (await this.deps.invites.revoke(invite.token))
        await this.audit("invite.revoked", actor.person, {
          hint: hint(invite.token),
          issuerLostAuthority: true,
        });
    }
  }

  private async audit(action: string, actor: Person, details: AuditDraft["details"]): Promise<void> {
    await this.deps.audit.append({ action, actor: { id: actor.id, name: actor.name }, details });
  }
}

/** A recognisable fragment of an invite token for the audit log, never the token. */
const hint = (token: string) => token.slice(0, 4);
