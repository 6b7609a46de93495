import { Composer, InlineKeyboard } from "grammy";
import type { AuditFilter, AuditTrail } from "../../audit/trail.js";
import { ANY_RECORD_ID } from "../../lifecycle/ids.js";
import type { AdminFeature } from "../admin.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { parsePersonId } from "../guards.js";
import { renderAuditLine } from "../views/audit.js";

export const auditCommands: CommandSpec[] = [{ command: "audit", audience: "admin" }];

const PAGE = 15;

/** `/audit`, `/audit <person id>`, `/audit <number>`: the audit log in words, a page at a time. */
export function auditFeature(deps: { audit: AuditTrail; timeZone: string }): AdminFeature {
  const feature = new Composer<BotContext>();

  const show = async (ctx: BotContext, filterText: string, before?: string) => {
    const filter = parseFilter(filterText);
    if (filter === "bad") return ctx.reply(ctx.t("audit-usage"));
    const page = await deps.audit.page(actor(ctx), {
      ...(filter ? { filter } : {}),
      ...(before ? { before } : {}),
      limit: PAGE,
    });
    if (page.entries.length === 0) return ctx.reply(ctx.t(before ? "audit-no-more" : "audit-empty"));
    const view = { locale: await ctx.i18n.getLocale(), timeZone: deps.timeZone };
    const lines = page.entries.map((e) => renderAuditLine(e, ctx.t, view));
    const title = filterText ? ctx.t("audit-title-filtered", { filter: filterText }) : ctx.t("audit-title");
    const keyboard = page.next
      ? new InlineKeyboard().text(
          ctx.t("audit-older"),
          buttons.auditOlder.pack({ before: page.next, filter: filterText || "-" }),
        )
      : undefined;
    return ctx.reply([title, ...lines].join("\n"), {
      parse_mode: "HTML",
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  };

  feature.command("audit", (ctx) => show(ctx, ctx.match.trim().toUpperCase()));
  onButton(feature, buttons.auditOlder, async (ctx, { before, filter }) => {
    await ctx.answerCallbackQuery();
    await show(ctx, filter === "-" ? "" : filter, before);
  });

  return { commands: auditCommands, buttons: [buttons.auditOlder], composer: feature };
}

function parseFilter(text: string): AuditFilter | "bad" {
  if (!text) return undefined;
  if (ANY_RECORD_ID.test(text)) return { recordId: text };
  const personId = parsePersonId(text);
  return personId === undefined ? "bad" : { personId };
}
