/**
 * Reads result rows the way the Trino 476 JDBC driver and CLI do: a strict JSON parser that keeps
 * Jackson's token kinds (an integer token and a float token are different things), then a decoder
 * per column typeSignature that accepts only the tokens io.trino.client.JsonDecodingUtils accepts
 * (a double must be VALUE_NUMBER_FLOAT or a string, a bigint VALUE_NUMBER_INT in 64 bits, ...).
 * Anything else throws "Unexpected token ..." as the driver does.
 */
import type { ClientTypeSignature } from '../../../../local/gateway/protocol/trinoTypes.js';

export type JsonToken =
  | { readonly kind: 'VALUE_NUMBER_INT'; readonly text: string }
  | { readonly kind: 'VALUE_NUMBER_FLOAT'; readonly text: string }
  | { readonly kind: 'VALUE_STRING'; readonly value: string }
  | { readonly kind: 'VALUE_TRUE' | 'VALUE_FALSE' | 'VALUE_NULL' }
  | { readonly kind: 'START_ARRAY'; readonly items: readonly JsonToken[] }
  | { readonly kind: 'START_OBJECT'; readonly entries: readonly (readonly [string, JsonToken])[] };

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Parses strict JSON (RFC 8259, as Jackson's defaults: no NaN literals, no leading zeros) into tokens. */
export function parseStrictJson(text: string): JsonToken {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`strict JSON: ${what} at offset ${at} of ${text.slice(0, 200)}`);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const string = (): string => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in a string
    const end = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    end.lastIndex = at;
    const match = end.exec(text);
    if (!match) return fail('bad string');
    at = end.lastIndex;
    return JSON.parse(match[0]) as string;
  };
  const value = (): JsonToken => {
    space();
    const c = text[at];
    if (c === '"') return { kind: 'VALUE_STRING', value: string() };
    if (c === '[') {
      at++;
      const items: JsonToken[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return { kind: 'START_ARRAY', items };
      }
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return { kind: 'START_ARRAY', items };
        } else fail('expected , or ]');
      }
    }
    if (c === '{') {
      at++;
      const entries: [string, JsonToken][] = [];
      space();
      if (text[at] === '}') {
        at++;
        return { kind: 'START_OBJECT', entries };
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a field name');
        const key = string();
        space();
        if (text[at] !== ':') fail('expected :');
        at++;
        entries.push([key, value()]);
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return { kind: 'START_OBJECT', entries };
        } else fail('expected , or }');
      }
    }
    for (const [literal, kind] of [
      ['true', 'VALUE_TRUE'],
      ['false', 'VALUE_FALSE'],
      ['null', 'VALUE_NULL'],
    ] as const) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return { kind };
      }
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (!match) return fail('unexpected character');
    at = NUMBER.lastIndex;
    const float = match[1] !== undefined || match[2] !== undefined;
    return { kind: float ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT', text: match[0] };
  };
  const result = value();
  space();
  if (at !== text.length) fail('trailing text');
  return result;
}

/** A decoded cell: integers as bigint, double/real as number, everything string-typed as its text. */
export type Decoded = null | boolean | bigint | number | string | Uint8Array | Decoded[] | Map<string, Decoded>;

function unexpected(token: JsonToken, rawType: string): never {
  throw new TypeError(`Unexpected token ${token.kind} for ${rawType}`);
}

const INTEGER_BITS: Readonly<Record<string, bigint>> = { bigint: 64n, integer: 32n, smallint: 16n, tinyint: 8n };

function integer(token: JsonToken, rawType: string, bits: bigint): bigint {
  let n: bigint;
  if (token.kind === 'VALUE_NUMBER_INT') n = BigInt(token.text);
  else if (token.kind === 'VALUE_STRING' && /^[+-]?\d+$/.test(token.value)) n = BigInt(token.value);
  else return unexpected(token, rawType);
  const limit = 1n << (bits - 1n);
  if (n < -limit || n >= limit) throw new RangeError(`${n} out of range of ${rawType}`);
  return n;
}

/** Java's Double.parseDouble on the strings Trino sends for non-finite values and numbers. */
function parseJavaDouble(text: string): number {
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new TypeError(`NumberFormatException: ${text}`);
  return Number(text);
}

const STRING_TYPES = new Set([
  'varchar',
  'json',
  'time',
  'time with time zone',
  'timestamp',
  'timestamp with time zone',
  'date',
  'interval year to month',
  'interval day to second',
  'ipaddress',
  'uuid',
  'decimal',
  'char',
]);

function typeArgument(signature: ClientTypeSignature, index: number): ClientTypeSignature {
  const argument = signature.arguments[index];
  if (argument?.kind !== 'TYPE') throw new TypeError(`${signature.rawType} argument ${index} is not a type`);
  return argument.value as ClientTypeSignature;
}

/** Decodes one cell for a column of this signature, as JsonDecodingUtils would (and throws where it throws). */
export function decodeCell(signature: ClientTypeSignature, token: JsonToken): Decoded {
  if (token.kind === 'VALUE_NULL') return null;
  const rawType = signature.rawType;
  const bits = INTEGER_BITS[rawType];
  if (bits !== undefined) return integer(token, rawType, bits);
  switch (rawType) {
    case 'double':
    case 'real':
      if (token.kind === 'VALUE_NUMBER_FLOAT') return Number(token.text);
      if (token.kind === 'VALUE_STRING') return parseJavaDouble(token.value);
      return unexpected(token, rawType);
    case 'boolean':
      if (token.kind === 'VALUE_TRUE' || token.kind === 'VALUE_FALSE') return token.kind === 'VALUE_TRUE';
      return unexpected(token, rawType);
    case 'array': {
      if (token.kind !== 'START_ARRAY') return unexpected(token, rawType);
      const element = typeArgument(signature, 0);
      return token.items.map((item) => decodeCell(element, item));
    }
    case 'map': {
      if (token.kind !== 'START_OBJECT') return unexpected(token, rawType);
      const value = typeArgument(signature, 1);
      return new Map(token.entries.map(([key, item]) => [key, decodeCell(value, item)]));
    }
    case 'row': {
      if (token.kind !== 'START_ARRAY') return unexpected(token, rawType);
      if (token.items.length !== signature.arguments.length) {
        throw new TypeError(`row has ${token.items.length} fields, signature ${signature.arguments.length}`);
      }
      return token.items.map((item, i) => {
        const field = signature.arguments[i];
        if (field?.kind !== 'NAMED_TYPE') throw new TypeError(`row field ${i} is not a NAMED_TYPE`);
        return decodeCell((field.value as { typeSignature: ClientTypeSignature }).typeSignature, item);
      });
    }
    default:
      if (token.kind !== 'VALUE_STRING') return unexpected(token, rawType);
      if (STRING_TYPES.has(rawType)) return token.value;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token.value) || token.value.length % 4 !== 0) {
        throw new TypeError(`IllegalArgumentException: not base64: ${token.value}`);
      }
      return new Uint8Array(Buffer.from(token.value, 'base64'));
  }
}

/** Decodes one JSON row (the text the gateway sends in `data`) for these column signatures. */
export function decodeRow(signatures: readonly ClientTypeSignature[], text: string): Decoded[] {
  const token = parseStrictJson(text);
  if (token.kind !== 'START_ARRAY' || token.items.length !== signatures.length) {
    throw new TypeError(`row is not an array of ${signatures.length} cells: ${text}`);
  }
  return token.items.map((item, i) => decodeCell(signatures[i] as ClientTypeSignature, item));
}

/** The compact JSON text of a token, numbers exactly as they were written (to compare raw cells). */
export function tokenText(token: JsonToken): string {
  switch (token.kind) {
    case 'VALUE_NUMBER_INT':
    case 'VALUE_NUMBER_FLOAT':
      return token.text;
    case 'VALUE_STRING':
      return JSON.stringify(token.value);
    case 'VALUE_TRUE':
      return 'true';
    case 'VALUE_FALSE':
      return 'false';
    case 'VALUE_NULL':
      return 'null';
    case 'START_ARRAY':
      return `[${token.items.map(tokenText).join(',')}]`;
    case 'START_OBJECT':
      return `{${token.entries.map(([key, value]) => `${JSON.stringify(key)}:${tokenText(value)}`).join(',')}}`;
  }
}
