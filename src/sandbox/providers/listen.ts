import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { bindControls, type ControlTable } from "./controls.js";
import type { SimKernel } from "./kernel.js";
import type { WebhookSender } from "./webhook-sender.js";

export interface RunningServer {
  /** e.g. http://127.0.0.1:53211 (no trailing slash). */
  url: string;
  port: number;
  /** Stops listening and cuts open connections, so hung requests do not hold the process. */
  close(): Promise<void>;
}

/** Serves a fetch handler (a Hono app's `fetch`) on loopback unless told otherwise. Port 0 = any free port. */
export async function listen(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  options: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(getRequestListener(fetchHandler));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A simulator on the network: its URL, state and controls, a way to wait for webhooks, and close. */
export async function serveSimulator<State, T extends ControlTable>(parts: {
  kernel: SimKernel;
  sender: WebhookSender;
  state: State;
  table: T;
  port?: number;
  host?: string;
}) {
  const { kernel, sender, state, table } = parts;
  const server = await listen(kernel.app.fetch, { port: parts.port, host: parts.host });
  return {
    url: server.url,
    state,
    controls: bindControls(table),
    /** Resolves when every webhook queued so far was delivered or gave up. */
    webhooksIdle: () => sender.idle(),
    async close(): Promise<void> {
      kernel.close();
      await sender.close();
      await server.close();
    },
  };
}
