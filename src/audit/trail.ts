import type { AuditDraft, AuditEntry, AuditLog } from "../store/types.js";
import type { Actor } from "../team/actor.js";

/**
 * The audit log as people use it: administrators read it; actions that touch no money record (an
 * export, say) are noted here. Money records write their entries with their own moves.
 */
export class AuditTrail {
  constructor(private readonly log: AuditLog) {}

  /** The newest entries, newest first; nothing for anyone but an administrator. */
  async latest(actor: Actor, limit: number): Promise<AuditEntry[]> {
    return actor.role === "admin" ? this.log.latest(limit) : [];
  }

  async note(actor: Actor, action: string, details: AuditDraft["details"]): Promise<void> {
    await this.log.append({ action, actor: { id: actor.person.id, name: actor.person.name }, details });
  }
}
