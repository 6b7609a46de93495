import { describe, expect, it } from "vitest";
import { createMemoryStores } from "../../../src/store/memory/index.js";
import type { Actor } from "../../../src/team/actor.js";
import { TeamService } from "../../../src/team/service.js";

const COMPANY = { perPaymentMinor: 1_000_000, perDayMinor: 3_000_000, approvalThresholdMinor: 5_000_000 };
const OWNER = { id: 1, first_name: "Анна" };

function team() {
  const stores = createMemoryStores({ sessionTtlSeconds: 60 });
  const service = new TeamService({
    people: stores.people,
    invites: stores.invites,
    audit: stores.audit,
    spend: stores.spend,
    adminIds: [OWNER.id],
    company: COMPANY,
    inviteTtlSeconds: 3_600,
    timeZone: "Europe/Moscow",
  });
  return { stores, service };
}

const asActor = (id: number, name: string, role: Actor["role"]): Actor => ({ person: { id, name }, role });

describe("the team service", () => {
  it("lets only administrators invite, change and remove, whatever the bot showed", async () => {
    const { service } = team();
    const payer = asActor(5, "Пётр", "payer");
    expect(await service.invite(payer, "admin")).toBe("forbidden");
    expect(await service.changeRole(payer, 5, "admin")).toBe("forbidden");
    expect(await service.remove(payer, 1)).toBe("forbidden");
    expect(await service.setLimits(payer, 5, { perPaymentMinor: 1, perDayMinor: 2 })).toBe("forbidden");
  });

  it("keeps the configured administrators and the last administrator", async () => {
    const { service } = team();
    const owner = await service.member(OWNER);
    const actor = asActor(owner!.id, owner!.name, owner!.role);
    expect(await service.changeRole(actor, OWNER.id, "payer")).toBe("configured");
    expect(await service.remove(actor, OWNER.id)).toBe("configured");
    const invite = await service.invite(actor, "admin");
    if (invite === "forbidden") throw new Error("owner may invite");
    await service.redeem({ id: 2, first_name: "Борис" }, invite.token);
    expect(await service.admins()).toEqual([1, 2]);
    expect((await service.changeRole(actor, 2, "payer")) as { role: string }).toMatchObject({
      role: "payer",
    });
  });

  it("ends an administrator's invites with their authority (removed or demoted)", async () => {
    const { service } = team();
    const owner = asActor(1, "Анна", "admin");
    const first = await service.invite(owner, "admin");
    if (first === "forbidden") throw new Error("owner may invite");
    await service.redeem({ id: 2, first_name: "Икс" }, first.token);
    const x = asActor(2, "Икс", "admin");
    const kept = await service.invite(x, "admin");
    const keptToo = await service.invite(x, "payer");
    if (kept === "forbidden" || keptToo === "forbidden") throw new Error("X may invite while admin");

    expect(await service.remove(owner, 2)).toMatchObject({ id: 2 });
    // The removed administrator's links no longer work, for them or for anyone they gave them to.
    expect(await service.redeem({ id: 2, first_name: "Икс" }, kept.token)).toEqual({ result: "invalid" });
    expect(await service.redeem({ id: 3, first_name: "Друг" }, keptToo.token)).toEqual({ result: "invalid" });
    expect(await service.admins()).toEqual([1]);
  });

  it("refuses an invite whose issuer has since lost the right to grant it", async () => {
    const { service, stores } = team();
    const owner = asActor(1, "Анна", "admin");
    const invite = await service.invite(owner, "admin");
    if (invite === "forbidden") throw new Error("owner may invite");
    await service.redeem({ id: 2, first_name: "Икс" }, invite.token);
    const x = asActor(2, "Икс", "admin");
    const token = await service.invite(x, "admin");
    if (token === "forbidden") throw new Error("X may invite");
    // Demoted behind the service's back (an older instance, a hand edit): the redeem still checks.
    await stores.people.update(2, (p) => ({ ...p, role: "payer" }));
    expect(await service.redeem({ id: 9, first_name: "Кто-то" }, token.token)).toEqual({ result: "invalid" });
    expect((await stores.audit.latest(1))[0]).toMatchObject({
      action: "invite.invalid",
      details: { issuerNoLongerAdmin: true },
    });
  });
});
