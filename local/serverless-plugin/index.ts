/**
 * Serverless Framework plugin: `serverless offline start` brings up the embedded stack around the
 * functions (see embeddedStack.ts), prints one line per component, and stops everything when
 * serverless-offline ends. The configuration is validated before serverless-offline opens a port or
 * schedules anything: a bad setting ends the process with status 2, a component that cannot start
 * with status 1, so nothing is left half-started. The broker starts before the functions; the
 * simulator, producer and Kafka triggers start once serverless-offline's Lambda API is listening.
 */
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../../layers/config/index.js';
import { InFlightWork } from '../../layers/pipeline/index.js';
import { errorLine } from '../cli/errorLine.js';
import { LambdaApiInvoker } from '../lambda-kafka/Invoker.js';
import { activitySummary } from './activitySummary.js';
import { type StartedComponent, startAll, stopAll } from './Component.js';
import { embeddedStack } from './embeddedStack.js';
import { kafkaMappings } from './kafkaMappings.js';
import { buildRuntimeLayer } from './runtimeLayer.js';

/** Where `sls package` finds the runtime layer (serverless.yml: layers.runtime.path). */
export const RUNTIME_LAYER_DIR = '.serverless/runtime-layer';

interface LayerCompiler {
  compileLayer(name: string): Promise<void>;
}

interface ServerlessLike {
  serviceDir: string;
  pluginManager: { plugins: readonly object[] };
  service: {
    layers?: Record<string, unknown>;
    getAllLayers(): string[];
    getAllFunctions(): string[];
    getFunction(key: string): { name?: string; events?: readonly Record<string, unknown>[] };
    custom?: { 'serverless-offline'?: { lambdaPort?: number | string; host?: string } };
  };
}

interface Logging {
  log: { notice(message: string): void; warning(message: string): void };
}

const QUIET_MS = 500;
const SETTLE_TIMEOUT_MS = 30_000;

export default class LakehouseLocalStack {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private started: StartedComponent[] = [];
  private functionWork: InFlightWork | undefined;
  private config: Config | undefined;

  constructor(
    private readonly serverless: ServerlessLike,
    _options: unknown,
    private readonly logging?: Logging,
  ) {
    this.hooks = {
      'before:offline:start:init': () => this.validateConfig(),
      'after:offline:start:init': () => this.startOrExit(),
      'before:offline:start:end': () => this.stop(),
      'before:package:createDeploymentArtifacts': () => this.buildLayer(),
      'before:package:compileLayers': () => this.compileLayers(),
      'after:package:compileLayers': () => this.restoreLayers(),
    };
  }

  private line(text: string): void {
    if (this.logging) this.logging.log.notice(`lakehouse: ${text}`);
    else process.stdout.write(`lakehouse: ${text}\n`);
  }

  /** Exit codes of `npm start` when it cannot run: a bad setting (as the CLI), or a part that failed to start. */
  static readonly EXIT_CONFIG = 2;
  static readonly EXIT_START_FAILED = 1;

  private validateConfig(): void {
    try {
      this.config = loadConfig();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`lakehouse: configuration error: ${error.message}\n`);
      process.exit(LakehouseLocalStack.EXIT_CONFIG);
    }
  }

  /** serverless-offline's servers and schedules are already running here: a failure must end the process. */
  private async startOrExit(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      process.stderr.write(`lakehouse: the embedded stack could not start: ${errorLine(error)}\n`);
      process.exit(LakehouseLocalStack.EXIT_START_FAILED);
    }
  }

  private async start(): Promise<void> {
    const config = this.config ?? loadConfig();
    const pipeline = config.pipeline;
    const offline = this.serverless.service.custom?.['serverless-offline'] ?? {};
    const endpoint = `http://${offline.host ?? '127.0.0.1'}:${offline.lambdaPort ?? 3002}`;
    const invoker = new LambdaApiInvoker(endpoint);
    this.functionWork = new InFlightWork();
    const specs = embeddedStack({
      config,
      pipeline,
      mappings: kafkaMappings(this.serverless.service),
      invoker,
      log: (text) => this.line(text),
    });
    this.line(`functions (Lambda API)    ${endpoint}`);
    const summary = activitySummary(config, (text) => this.line(text));
    this.started = await startAll([...specs, summary], (text) => this.line(text));
    this.catchUp(invoker);
  }

  /**
   * Runs each scheduled function once now instead of at its first schedule tick: it catches up with
   * commits made while the stack was down, and starts its instance before the first commit event.
   */
  private catchUp(invoker: LambdaApiInvoker): void {
    const service = this.serverless.service;
    for (const key of service.getAllFunctions()) {
      const fn = service.getFunction(key);
      if (!(fn.events ?? []).some((event) => 'schedule' in event)) continue;
      void invoker.invoke(fn.name ?? key, { source: 'lakehouse.startup' }).then((outcome) => {
        if (!outcome.ok) this.line(`${key}: start-up run failed: ${JSON.stringify(outcome.payload).slice(0, 300)}`);
      });
    }
  }

  private async buildLayer(): Promise<void> {
    const dir = path.join(this.serverless.serviceDir, RUNTIME_LAYER_DIR);
    const count = await buildRuntimeLayer(this.serverless.serviceDir, dir);
    this.line(`runtime layer: ${count} packages in ${RUNTIME_LAYER_DIR}/nodejs/node_modules`);
  }

  private hiddenLayers: Record<string, unknown> | undefined;

  /**
   * Compiles the layers without the framework's "is it already deployed?" lookup, which calls
   * CloudFormation and so fails `sls package` without AWS access; the layer is simply uploaded on
   * every deploy. The framework's own compileLayers then finds no layers to process.
   */
  private async compileLayers(): Promise<void> {
    const compiler = this.serverless.pluginManager.plugins.find(
      (plugin) => plugin.constructor.name === 'AwsCompileLayers',
    ) as LayerCompiler | undefined;
    if (!compiler) return;
    for (const name of this.serverless.service.getAllLayers()) await compiler.compileLayer(name);
    this.hiddenLayers = this.serverless.service.layers;
    this.serverless.service.layers = {};
  }

  private restoreLayers(): void {
    if (this.hiddenLayers) this.serverless.service.layers = this.hiddenLayers;
    this.hiddenLayers = undefined;
  }

  private async stop(): Promise<void> {
    const started = this.started;
    this.started = [];
    await stopAll(started);
    // serverless-offline ends the process next; an exit inside a DuckDB query aborts it, so the
    // last commit events run to the end first.
    const work = this.functionWork;
    this.functionWork = undefined;
    if (work && !(await work.settle(QUIET_MS, SETTLE_TIMEOUT_MS)))
      this.line(`functions still running after ${SETTLE_TIMEOUT_MS / 1000} s: stopping them anyway`);
    work?.close();
    this.line('embedded stack stopped');
  }
}
