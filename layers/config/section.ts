import type { Env, Variable, VariableDoc } from './env.js';

/** A group of variables read together into one typed object. */
export type Section = Readonly<Record<string, Variable<unknown>>>;
export type SectionValues<S extends Section> = { readonly [K in keyof S]: S[K] extends Variable<infer T> ? T : never };

export function readSection<S extends Section>(section: S, env: Env): SectionValues<S> {
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(section)) values[key] = variable.read(env);
  return values as SectionValues<S>;
}

export function documentSection(section: Section): VariableDoc[] {
  return Object.values(section).map(({ name, default: defaultText, description }) => ({
    name,
    default: defaultText,
    description,
  }));
}
