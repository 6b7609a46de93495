import { ardorDescriptor } from "./ardor/descriptor.js";
import type { ProviderDeps } from "./deps.js";
import type { AnyDescriptor, ConfigOf } from "./descriptor.js";
import { lumoDescriptor } from "./lumo/descriptor.js";
import type { Provider } from "./types.js";

export type { ProviderDeps } from "./deps.js";

/** Providers that pay QR codes from the company balance. A new one is its folder plus its line here. */
export const SPEND_PROVIDERS = [lumoDescriptor, ardorDescriptor] as const;

/** Every provider the bot knows, whatever it does. */
export const PROVIDERS: readonly AnyDescriptor[] = [...SPEND_PROVIDERS];

export type ProviderName = (typeof SPEND_PROVIDERS)[number]["name"];
export const PROVIDER_NAMES: readonly ProviderName[] = SPEND_PROVIDERS.map((d) => d.name);

/** Any provider's name, whatever it does: what errors and webhook rejections are labelled with. */
export type AnyProviderName = ProviderName;

/** Each provider's configuration, undefined where it is not switched on. */
export type ProviderConfigs = {
  [D in (typeof SPEND_PROVIDERS)[number] as D["name"]]: ConfigOf<D> | undefined;
};

/** How people see a provider: "Lumo", "ArdorQR" (the name itself for one we do not know). */
export function providerTitle(name: string): string {
  return PROVIDERS.find((d) => d.name === name)?.title ?? name;
}

/** Header names that carry provider signatures, for log redaction. */
export const PROVIDER_SECRET_HEADERS: readonly string[] = PROVIDERS.flatMap((d) => d.webhook.secretHeaders);

/** The spend providers that are configured, by name. */
export function createProviders(
  configs: Partial<ProviderConfigs>,
  deps: ProviderDeps = {},
): Partial<Record<ProviderName, Provider>> {
  const providers: Partial<Record<ProviderName, Provider>> = {};
  for (const descriptor of SPEND_PROVIDERS) {
    const config = configs[descriptor.name];
    if (config) providers[descriptor.name] = (descriptor as AnyDescriptor).create(config, deps) as Provider;
  }
  return providers;
}
