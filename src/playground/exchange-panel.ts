import { z } from "zod";
import type { LincolnSimulator } from "../sandbox/lincoln/simulator.js";
import { PanelInputError } from "./panel.js";

export interface ExchangePanelState {
  title: string;
  /** Orders not finished yet (the buttons act on the newest). */
  open: number;
  /** IPNs that will be lost, not yet lost. */
  ipnsToDrop: number;
}

const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("paid") }),
  z.object({ action: z.literal("payout") }),
  z.object({ action: z.literal("error") }),
  z.object({ action: z.literal("dropIpn") }),
]);

const FINISHED = new Set(["done", "returned", "deleted"]);

/**
 * «Обменник» in the sandbox panel: the company paid, the exchanger paid out (the provider simulator
 * gets the USDT), something went wrong, the next IPN is lost — on the newest order.
 */
export class ExchangePanel {
  private armed = 0;
  private droppedAtStart: number;

  constructor(private readonly lincoln: LincolnSimulator) {
    this.droppedAtStart = this.dropped();
  }

  state(): ExchangePanelState {
    const open = [...this.lincoln.state.orders.values()].filter((o) => !FINISHED.has(o.status)).length;
    return {
      title: "Lincoln",
      open,
      ipnsToDrop: Math.max(0, this.armed - (this.dropped() - this.droppedAtStart)),
    };
  }

  async run(input: unknown): Promise<string> {
    const parsed = actionSchema.safeParse(input);
    if (!parsed.success) throw new PanelInputError("Неизвестное действие");
    const { controls } = this.lincoln;
    try {
      switch (parsed.data.action) {
        case "paid":
          await controls.paid({});
          return "Обменник: оплата получена";
        case "payout":
          await controls.payout({});
          return "Обменник: USDT отправлены провайдеру";
        case "error":
          controls.error({ status: "errorPayout" });
          return "Обменник: ошибка выплаты";
        case "dropIpn":
          controls.loseNextIpn();
          this.armed++;
          return "Обменник: следующее уведомление (IPN) потеряется — бот узнает статус опросом";
      }
    } catch (err) {
      throw new PanelInputError(`Обменник: ${err instanceof Error ? err.message : "нет подходящей заявки"}`);
    }
  }

  private dropped(): number {
    return this.lincoln.state.ipns.filter((d) => d.status === "dropped").length;
  }
}
