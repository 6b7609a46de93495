// The load side of bench:flow's webhook measurement, run in a worker thread so that generating
// requests does not compete with the listener for the main event loop. Plain node:http with
// keep-alive: the cheapest client, so the number measures the server. (Plain JS: worker threads
// do not get the TypeScript loader on Node 20.)
import { Agent, request } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

// The first `warmup` requests are not timed: both sides compile their hot paths on them.
const { url, concurrency, requests, warmup = 0 } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function post(item) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          ...item.headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(item.body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(item.body);
  });
}

let next = 0;
let failures = 0;
async function postUntil(end) {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        if ((await post(requests[next++])) !== 200) failures++;
      }
    }),
  );
}
await postUntil(warmup);
const started = performance.now();
await postUntil(requests.length);
parentPort.postMessage({ ms: performance.now() - started, failures });
agent.destroy();
