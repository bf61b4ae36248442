/**
 * The project's configuration: every environment variable, read and validated once at the edge
 * into a typed object. Areas add variables to their own section file under `sections/`.
 */
import path from 'node:path';
import type { Env, VariableDoc } from './env.js';
import { documentSection, readSection, type Section, type SectionValues } from './section.js';
import { catalogSection } from './sections/catalog.js';
import { catalogServerSection } from './sections/catalogServer.js';
import { coinbaseSection } from './sections/coinbase.js';
import { dashboardSection } from './sections/dashboard.js';
import { gatewaySection } from './sections/gateway.js';
import { homeSection } from './sections/home.js';
import { kafkaSection } from './sections/kafka.js';
import { metricsSection } from './sections/metrics.js';
import { offlineSection } from './sections/offline.js';
import { pipelineSection } from './sections/pipeline.js';
import { producerSection } from './sections/producer.js';
import { qualitySection } from './sections/quality.js';
import { validationSection } from './sections/validation.js';

export type { Env, VariableDoc } from './env.js';
export { ConfigError } from './env.js';
export { catalogSection } from './sections/catalog.js';

const sections = {
  home: homeSection,
  kafka: kafkaSection,
  coinbase: coinbaseSection,
  producer: producerSection,
  catalog: catalogSection,
  catalogServer: catalogServerSection,
  gateway: gatewaySection,
  dashboard: dashboardSection,
  metrics: metricsSection,
  pipeline: pipelineSection,
  validation: validationSection,
  quality: qualitySection,
  offline: offlineSection,
} as const satisfies Record<string, Section>;

type Sections = typeof sections;
export type Config = { readonly [K in keyof Sections]: SectionValues<Sections[K]> } & {
  /** Absolute paths derived from LAKEHOUSE_HOME. */
  readonly paths: {
    readonly home: string;
    readonly warehouse: string;
    readonly catalogDb: string;
    readonly brokerData: string;
    readonly cache: string;
  };
};

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const values: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(sections)) values[key] = readSection(section, env);
  const partial = values as Omit<Config, 'paths'>;
  const home = path.resolve(cwd, partial.home.home);
  return {
    ...partial,
    paths: {
      home,
      warehouse: partial.catalog.warehouse ?? path.join(home, 'warehouse'),
      catalogDb: path.join(home, 'catalog.db'),
      brokerData: path.join(home, 'broker'),
      cache: path.join(home, 'cache'),
    },
  };
}

/** Every variable with its default and meaning, in section order (for `lakehouse config` and the README). */
export function documentConfig(): VariableDoc[] {
  return Object.values(sections).flatMap((section) => documentSection(section));
}
