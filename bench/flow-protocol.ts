/** What bench/flow.ts (the bot's thread) and bench/flow-world.ts (Telegram, Lumo, employees) say. */
export interface WorldOptions {
  chats: number;
  payments: number;
  thinkMs: number;
  /** Employees who pay twice each before the measurement, unmeasured (JIT, lazy set-up, pools). */
  warmupChats: number;
  lumo: { apiKey: string; webhookSecret: string };
}

export interface Timings {
  photoToCard: number[];
  sentToCard: number[];
  payToPending: number[];
  /** From the simulator settling the order to the final card, its own webhook work included. */
  settledToFinal: number[];
  /** The final status's delivery (its `x-lumo-delivery-id`) and when Telegram had the final card. */
  finals: { deliveryId: string; at: number }[];
}

/** A time every thread of the process reads alike (each thread's `performance.now()` has its own origin). */
export const processTime = () => performance.timeOrigin + performance.now();

/** From the world to the bot's thread. */
export type WorldMessage =
  | { type: "ready"; token: string; apiRoot: string; lumoUrl: string; users: { id: number; name: string }[] }
  | { type: "warm" }
  | { type: "providerId"; paymentId: string }
  | { type: "done"; timings: Timings; seconds: number; loop: { p99: number; max: number } }
  | { type: "closed" };

/** From the bot's thread to the world. */
export type BotMessage =
  | { type: "warmup"; webhookUrl: string }
  | { type: "start" }
  | { type: "providerId"; paymentId: string; providerId: string }
  | { type: "close" };
