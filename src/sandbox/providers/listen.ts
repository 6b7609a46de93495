import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";

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
