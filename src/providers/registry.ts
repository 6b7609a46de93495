import { ardorDescriptor } from "./ardor/descriptor.js";
import type { ProviderDeps } from "./deps.js";
import type { AnyDescriptor, ConfigOf } from "./descriptor.js";
import type { Exchanger } from "./exchange.js";
import { lincolnDescriptor } from "./lincoln/descriptor.js";
import { lumoDescriptor } from "./lumo/descriptor.js";
import { merchantDescriptor } from "./merchant/descriptor.js";
import { meridianDescriptor } from "./meridian/descriptor.js";
import type { ReceiveProvider } from "./receive.js";
import type { Provider } from "./types.js";

export type { ProviderDeps } from "./deps.js";

/** Providers that pay QR codes from the company balance. A new one is its folder plus its line here. */
export const SPEND_PROVIDERS = [lumoDescriptor, ardorDescriptor] as const;

/** Providers through which customers pay the company (invoices). */
export const RECEIVE_PROVIDERS = [meridianDescriptor, merchantDescriptor] as const;

/** Exchangers that turn the company's rubles into a spend provider's balance. */
export const EXCHANGERS = [lincolnDescriptor] as const;

/** Every provider the bot knows, whatever it does. */
export const PROVIDERS: readonly AnyDescriptor[] = [...SPEND_PROVIDERS, ...RECEIVE_PROVIDERS, ...EXCHANGERS];

export type ProviderName = (typeof SPEND_PROVIDERS)[number]["name"];
export const PROVIDER_NAMES: readonly ProviderName[] = SPEND_PROVIDERS.map((d) => d.name);

export type ReceiveProviderName = (typeof RECEIVE_PROVIDERS)[number]["name"];
export const RECEIVE_PROVIDER_NAMES: readonly ReceiveProviderName[] = RECEIVE_PROVIDERS.map((d) => d.name);

/** Any provider's name, whatever it does: what errors and webhook rejections are labelled with. */
export type ExchangerName = (typeof EXCHANGERS)[number]["name"];
export type AnyProviderName = ProviderName | ReceiveProviderName | ExchangerName;

/** Each provider's configuration, undefined where it is not switched on. */
export type ProviderConfigs = {
  [D in
    | (typeof SPEND_PROVIDERS)[number]
    | (typeof RECEIVE_PROVIDERS)[number]
    | (typeof EXCHANGERS)[number] as D["name"]]: ConfigOf<D> | undefined;
};

/** How people see a provider: "Lumo", "ArdorQR" (the name itself for one we do not know). */
export function providerTitle(name: string): string {
  return PROVIDERS.find((d) => d.name === name)?.title ?? name;
}

/** Header names that carry provider signatures, for log redaction (each once). */
export const PROVIDER_SECRET_HEADERS: readonly string[] = [
  ...new Set(PROVIDERS.flatMap((d) => d.webhook.secretHeaders)),
];

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

/** The configured exchanger (the first one switched on), if any. */
export function createExchanger(
  configs: Partial<ProviderConfigs>,
  deps: ProviderDeps = {},
): Exchanger | undefined {
  for (const descriptor of EXCHANGERS) {
    const config = configs[descriptor.name];
    if (config) return descriptor.create(config, deps);
  }
  return undefined;
}

/** The receive providers that are configured, by name. */
export function createReceiveProviders(
  configs: Partial<ProviderConfigs>,
  deps: ProviderDeps = {},
): Partial<Record<ReceiveProviderName, ReceiveProvider>> {
  const providers: Partial<Record<ReceiveProviderName, ReceiveProvider>> = {};
  for (const descriptor of RECEIVE_PROVIDERS) {
    const config = configs[descriptor.name];
    if (config) {
      providers[descriptor.name] = (descriptor as AnyDescriptor).create(config, deps) as ReceiveProvider;
    }
  }
  return providers;
}
