import type { z } from "zod";
import type { RawEnv } from "../lib/env-schema.js";
import type { ProviderDeps } from "./deps.js";

/**
 * What the rest of the app knows about a provider, in one object per provider folder: its title,
 * where its webhooks arrive and which headers carry secrets, its environment variables, and the
 * factory of its client. Config, logger redaction, the listener and the views read it, so a new
 * provider is its folder plus one line in `registry.ts`.
 */
export interface ProviderDescriptor<
  Name extends string = string,
  Shape extends z.ZodRawShape = z.ZodRawShape,
  Config = unknown,
  Client = unknown,
> {
  readonly name: Name;
  /** How people see it: "Lumo", "ArdorQR". */
  readonly title: string;
  /** What the company does through it. */
  readonly role: "spend" | "receive" | "exchange";
  /** `POST <path>` on our listener; the headers that carry signatures (redacted from every log). */
  readonly webhook: { readonly path: string; readonly secretHeaders: readonly string[] };
  /** Its environment variables. */
  readonly env: Shape;
  /** Those whose values are secrets: never printed, logged or sent. */
  readonly secretVariables: readonly (keyof Shape & string)[];
  /** Rules between its variables, checked on the raw environment with every other problem. */
  requirements(env: RawEnv): string[];
  /** Its configuration from the parsed variables; undefined when it is not switched on. */
  configure(env: z.output<z.ZodObject<Shape>>): Config | undefined;
  create(config: Config, deps: ProviderDeps): Client;
}

/** The configuration of a provider reached with an API key that signs its webhooks with a secret. */
export interface KeyedProviderConfig {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of descriptors of different shapes
export type AnyDescriptor = ProviderDescriptor<string, any, any, any>;

// biome-ignore lint/suspicious/noExplicitAny: matched against any shape
export type ConfigOf<D> = D extends ProviderDescriptor<string, any, infer C, any> ? C : never;
// biome-ignore lint/suspicious/noExplicitAny: matched against any shape
export type ClientOf<D> = D extends ProviderDescriptor<string, any, any, infer P> ? P : never;

/** Declares a descriptor with its types inferred from the object. */
export function defineProvider<Name extends string, Shape extends z.ZodRawShape, Config, Client>(
  descriptor: ProviderDescriptor<Name, Shape, Config, Client>,
): ProviderDescriptor<Name, Shape, Config, Client> {
  return descriptor;
}
