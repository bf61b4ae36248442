/**
 * The topic-level configuration this broker understands. Three entries change how a topic's log is
 * kept (retention.ms, retention.bytes, segment.bytes); the others describe fixed behaviour of a
 * single node and accept only the value they already have, so tools that set them explicitly work.
 */
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import type { LogSettings } from './LogSettings.js';

export type TopicOverrides = ReadonlyMap<string, string>;

export interface ConfigDescription {
  readonly name: string;
  readonly value: string;
  readonly readOnly: boolean;
  /** True when no override is set for this topic. */
  readonly isDefault: boolean;
}

interface Tunable {
  readonly setting: 'retentionMs' | 'retentionBytes' | 'segmentBytes';
  readonly min: number;
}

const TUNABLE: Readonly<Record<string, Tunable>> = {
  'retention.ms': { setting: 'retentionMs', min: -1 },
  'retention.bytes': { setting: 'retentionBytes', min: -1 },
  'segment.bytes': { setting: 'segmentBytes', min: 1024 },
};

const FIXED: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'message.timestamp.type': 'CreateTime',
  'min.insync.replicas': '1',
  'unclean.leader.election.enable': 'false',
};

export const TOPIC_CONFIG_NAMES: readonly string[] = [...Object.keys(TUNABLE), ...Object.keys(FIXED)].sort();

function invalid(topic: string, message: string): BrokerError {
  return new BrokerError(ErrorCode.INVALID_CONFIG, `topic ${topic}: ${message}`, false);
}

/** Throws INVALID_CONFIG unless `value` is acceptable for config `name`. */
export function validateTopicConfig(topic: string, name: string, value: string | null): void {
  const tunable = TUNABLE[name];
  if (tunable !== undefined) {
    const number = value === null ? Number.NaN : Number(value);
    if (value === null || !/^-?\d+$/.test(value) || !Number.isSafeInteger(number) || number < tunable.min) {
      throw invalid(topic, `${name}=${JSON.stringify(value)} is not a whole number >= ${tunable.min}`);
    }
    if (name === 'segment.bytes' && number > 2_147_483_647) throw invalid(topic, `${name}=${value} exceeds 2147483647`);
    return;
  }
  const fixed = FIXED[name];
  if (fixed === undefined) {
    throw invalid(topic, `unknown config ${JSON.stringify(name)}; known: ${TOPIC_CONFIG_NAMES.join(', ')}`);
  }
  if (value !== fixed)
    throw invalid(topic, `${name} is fixed at ${fixed} on this single-node broker, got ${JSON.stringify(value)}`);
}

/** The broker's log settings with the topic's overrides applied. */
export function topicSettings<T extends LogSettings>(base: T, overrides: TopicOverrides): T {
  let settings = base;
  for (const [name, value] of overrides) {
    const tunable = TUNABLE[name];
    if (tunable !== undefined) settings = { ...settings, [tunable.setting]: Number(value) };
  }
  return settings;
}

export function describeTopicConfig(base: LogSettings, overrides: TopicOverrides): ConfigDescription[] {
  return TOPIC_CONFIG_NAMES.map((name) => {
    const override = overrides.get(name);
    const tunable = TUNABLE[name];
    const fallback = tunable === undefined ? (FIXED[name] as string) : String(base[tunable.setting]);
    return { name, value: override ?? fallback, readOnly: tunable === undefined, isDefault: override === undefined };
  });
}
