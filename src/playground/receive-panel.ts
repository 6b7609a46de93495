import { z } from "zod";
import type { MerchantSimulator } from "../sandbox/merchant/simulator.js";
import type { MeridianSimulator } from "../sandbox/meridian/simulator.js";
import { PanelInputError } from "./panel.js";

export type ReceiveName = "meridian" | "merchant";

export interface ReceivePanelState {
  name: ReceiveName;
  title: string;
  /** Invoices waiting for the customer (the buttons act on the newest). */
  waiting: number;
  /** Creations that will get «Нет доступных реквизитов» (Meridian). */
  noRequisites?: number;
  /** Notifications that will be lost, not yet lost. */
  notificationsToDrop: number;
}

const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("paid") }),
  z.object({ action: z.literal("expire") }),
  z.object({ action: z.literal("noRequisites") }),
  z.object({ action: z.literal("dropNotification") }),
]);

/**
 * The «Приём оплаты» part of the sandbox panel: the customer pays the newest waiting invoice, it
 * expires, Meridian has no requisites for the next one, the next notification is lost — through the
 * simulators' own controls, as the tests use them.
 */
export class ReceivePanel {
  private drops: Record<ReceiveName, { armed: number; atStart: number }>;
  private noRequisitesArmed = 0;
  private createsAtArm = 0;

  constructor(
    private readonly meridian: MeridianSimulator,
    private readonly merchant: MerchantSimulator,
  ) {
    this.drops = {
      meridian: { armed: 0, atStart: this.dropped("meridian") },
      merchant: { armed: 0, atStart: this.dropped("merchant") },
    };
  }

  state(): ReceivePanelState[] {
    const waitingMeridian = [...this.meridian.state.invoices.values()].filter(
      (i) => i.status === "new",
    ).length;
    const waitingMerchant = [...this.merchant.state.orders.values()].filter(
      (o) => o.status === "pending",
    ).length;
    const refused = this.meridian.state.requests.create ?? 0;
    return [
      {
        name: "meridian",
        title: "Meridian",
        waiting: waitingMeridian,
        noRequisites: Math.max(0, this.noRequisitesArmed - (refused - this.createsAtArm)),
        notificationsToDrop: this.toDrop("meridian"),
      },
      {
        name: "merchant",
        title: "Merchant API",
        waiting: waitingMerchant,
        notificationsToDrop: this.toDrop("merchant"),
      },
    ];
  }

  run(name: ReceiveName, input: unknown): string {
    const parsed = actionSchema.safeParse(input);
    if (!parsed.success) throw new PanelInputError("Неизвестное действие");
    const title = name === "meridian" ? "Meridian" : "Merchant API";
    const controls = name === "meridian" ? this.meridian.controls : this.merchant.controls;
    try {
      switch (parsed.data.action) {
        case "paid":
          controls.pay({});
          return `${title}: клиент оплатил последний счёт`;
        case "expire":
          controls.expire({});
          return `${title}: последний счёт истёк`;
        case "noRequisites":
          if (name !== "meridian") throw new PanelInputError("Это бывает только у Meridian");
          this.meridian.controls.noRequisites({ times: 1 });
          this.createsAtArm = this.meridian.state.requests.create ?? 0;
          this.noRequisitesArmed = 1;
          return "Meridian: у следующего счёта не будет реквизитов (503)";
        case "dropNotification":
          controls.dropNextWebhook();
          this.drops[name].armed++;
          return `${title}: следующее уведомление потеряется — бот узнает статус опросом`;
      }
    } catch (err) {
      if (err instanceof PanelInputError) throw err;
      throw new PanelInputError(`${title}: нет счёта, который ждёт оплаты`);
    }
  }

  private dropped(name: ReceiveName): number {
    const deliveries = name === "meridian" ? this.meridian.state.deliveries : this.merchant.state.deliveries;
    return deliveries.filter((d) => d.status === "dropped").length;
  }

  private toDrop(name: ReceiveName): number {
    const d = this.drops[name];
    return Math.max(0, d.armed - (this.dropped(name) - d.atStart));
  }
}
