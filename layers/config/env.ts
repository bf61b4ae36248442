/**
 * Typed readers for environment variables. Every variable is declared once, with its default and
 * a one-line description, so `lakehouse config` and the README table come from the same source.
 */

export class ConfigError extends Error {
  readonly retriable = false;
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly allowed: string,
  ) {
    super(`invalid ${variable}=${JSON.stringify(value)}: expected ${allowed}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface VariableDoc {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

/** A variable declared with its documentation and a parser that turns the raw text into a value. */
export interface Variable<T> extends VariableDoc {
  read(env: Env): T;
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function declare<T>(name: string, defaultText: string, description: string, parse: (text: string) => T): Variable<T> {
  return {
    name,
    default: defaultText,
    description,
    read: (env) => parse(raw(env, name) ?? defaultText),
  };
}

export function stringVar(name: string, defaultValue: string, description: string): Variable<string> {
  return declare(name, defaultValue, description, (text) => text);
}

/** An optional variable: undefined when unset, which callers treat as "not configured". */
export function optionalStringVar(name: string, description: string): Variable<string | undefined> {
  return { name, default: '(unset)', description, read: (env) => raw(env, name) };
}

export function intVar(
  name: string,
  defaultValue: number,
  description: string,
  range: { min: number; max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER },
): Variable<number> {
  return declare(name, String(defaultValue), description, (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < range.min || value > range.max) {
      throw new ConfigError(name, text, `an integer from ${range.min} to ${range.max}`);
    }
    return value;
  });
}

export function portVar(name: string, defaultValue: number, description: string): Variable<number> {
  return intVar(name, defaultValue, description, { min: 0, max: 65535 });
}

export function boolVar(name: string, defaultValue: boolean, description: string): Variable<boolean> {
  return declare(name, String(defaultValue), description, (text) => {
    const lowered = text.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
    throw new ConfigError(name, text, 'true or false (1/0, yes/no, on/off)');
  });
}

export function enumVar<T extends string>(
  name: string,
  defaultValue: T,
  allowed: readonly T[],
  description: string,
): Variable<T> {
  return declare(name, defaultValue, description, (text) => {
    if (!(allowed as readonly string[]).includes(text)) {
      throw new ConfigError(name, text, `one of ${allowed.join(', ')}`);
    }
    return text as T;
  });
}

export function listVar(name: string, defaultValue: readonly string[], description: string): Variable<string[]> {
  return declare(name, defaultValue.join(','), description, (text) => {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) throw new ConfigError(name, text, 'a comma-separated, non-empty list');
    return items;
  });
}

export function urlVar(
  name: string,
  defaultValue: string,
  protocols: readonly string[],
  description: string,
): Variable<string> {
  return declare(name, defaultValue, description, (text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ConfigError(name, text, `a URL (${protocols.join(' or ')})`);
    }
    if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
      throw new ConfigError(name, text, `a URL with scheme ${protocols.join(' or ')}`);
    }
    return text;
  });
}
