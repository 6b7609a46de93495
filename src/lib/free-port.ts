import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback port nobody listens on now. For a listener whose address must be known before it
 * starts (providers send notifications to PUBLIC_URL): the playground and the tests.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
