/**
 * A worker thread's module beside `moduleUrl`: `<name>.js` after `tsc`, or `<name>.ts` when we run from
 * source (tsx, vitest). A `.ts` module needs tsx's loader in its thread, and `--import tsx` does not do
 * that: tsx registers its hooks on the main thread only. So the thread first imports a one-line module
 * that calls tsx's `register()` itself.
 */
export function threadModule(moduleUrl: string, name: string): { filename: string; execArgv: string[] } {
  if (!moduleUrl.endsWith(".ts")) return { filename: new URL(`./${name}.js`, moduleUrl).href, execArgv: [] };
  const tsxApi = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return {
    filename: new URL(`./${name}.ts`, moduleUrl).href,
    execArgv: ["--import", `data:text/javascript,import{register}from${tsxApi};register();`],
  };
}
