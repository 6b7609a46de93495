import type { Config, ProviderName } from "../config.js";
import { createArdorProvider } from "./ardor/client.js";
import type { ProviderDeps } from "./deps.js";
import { createLumoProvider } from "./lumo/client.js";
import type { Provider } from "./types.js";

export type { ProviderDeps } from "./deps.js";

type ProviderConfigs = Config["providers"];
export type ProviderFactory<N extends ProviderName> = (
  config: NonNullable<ProviderConfigs[N]>,
  deps: ProviderDeps,
) => Provider;

/** Every provider the bot can use: one line each. A new provider is its folder plus its line here. */
export const PROVIDER_FACTORIES: { readonly [N in ProviderName]: ProviderFactory<N> } = {
  lumo: createLumoProvider,
  ardor: createArdorProvider,
};

/** The providers that are configured, by name. */
export function createProviders(
  configs: Omit<ProviderConfigs, "default">,
  deps: ProviderDeps = {},
): Partial<Record<ProviderName, Provider>> {
  const providers: Partial<Record<ProviderName, Provider>> = {};
  for (const name of Object.keys(PROVIDER_FACTORIES) as ProviderName[]) {
    const config = configs[name];
    if (config) providers[name] = (PROVIDER_FACTORIES[name] as ProviderFactory<typeof name>)(config, deps);
  }
  return providers;
}
