import type { AuditDraft, AuditEntry, AuditLog } from "../store/types.js";
import type { Actor } from "../team/actor.js";

/** Which entries a person asks for: one person's (as actor or as the one acted on), or one record's. */
export type AuditFilter = { personId: number } | { recordId: string } | undefined;

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; absent when there is nothing older. */
  next?: string;
}

/** How far back one page looks for matches of a filter, at most. */
const SCAN_LIMIT = 5_000;
const BATCH = 200;

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (!filter) return true;
  if ("personId" in filter)
    return entry.actor?.id === filter.personId || entry.details.personId === filter.personId;
  const d = entry.details;
  return d.paymentId === filter.recordId || d.invoiceId === filter.recordId || d.topupId === filter.recordId;
}

/**
 * The audit log as people use it: administrators read it a page at a time, filtered by a person or
 * a record; actions that touch no money record (an export, say) are noted here. Money records
 * write their entries with their own moves.
 */
export class AuditTrail {
  constructor(private readonly log: AuditLog) {}

  /** The newest matching entries before `before`; nothing for anyone but an administrator. */
  async page(
    actor: Actor,
    options: { filter?: AuditFilter; before?: string; limit: number },
  ): Promise<AuditPage> {
    if (actor.role !== "admin") return { entries: [] };
    const found: AuditEntry[] = [];
    let cursor = options.before;
    for (let scanned = 0; scanned < SCAN_LIMIT; scanned += BATCH) {
      const batch = await this.log.latest(BATCH, cursor);
      for (const entry of batch) {
        if (!matches(entry, options.filter)) continue;
        found.push(entry);
        if (found.length > options.limit) break;
      }
      if (found.length > options.limit || batch.length < BATCH) break;
      cursor = batch.at(-1)!.id;
    }
    const entries = found.slice(0, options.limit);
    return found.length > options.limit ? { entries, next: entries.at(-1)!.id } : { entries };
  }

  async note(actor: Actor, action: string, details: AuditDraft["details"]): Promise<void> {
    await this.log.append({ action, actor: { id: actor.person.id, name: actor.person.name }, details });
  }
}
