import type { Command } from 'commander';
import { DEFAULT_PRODUCTS, startSimulator } from '../../../producer/index.js';

interface SimulateOptions {
  port: string;
  host: string;
  products: string;
  rate: string;
  burstEvery: string;
  burstMultiplier: string;
  burstDuration: string;
  heartbeatMs: string;
  replay?: string;
  speed: string;
  seed: string;
  drop: string;
  duplicate: string;
  reorder: string;
  malformed: string;
  disconnectEvery: string;
  stallEvery: string;
  stallMs: string;
}

function number(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${flag} ${text}: expected a number from ${min} to ${max}`);
  return value;
}

/** `lakehouse simulate`: a local Coinbase Exchange (WebSocket + REST) with generator, replay and faults. */
export function simulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run a local Coinbase Exchange simulator (WebSocket feed + REST trades/candles)')
    .option('--port <port>', 'port for WebSocket and REST', '8765')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--products <list>', 'comma-separated products', DEFAULT_PRODUCTS.join(','))
    .option('--rate <n>', 'trades per second per product', '5')
    .option('--burst-every <ms>', 'start a burst this often (0 = never)', '0')
    .option('--burst-multiplier <x>', 'rate multiplier during a burst', '10')
    .option('--burst-duration <ms>', 'length of a burst', '1000')
    .option('--heartbeat-ms <ms>', 'heartbeat period per product', '1000')
    .option(
      '--replay <file>',
      'replay an NDJSON capture (frame objects or {"recv_ts","raw"} lines) instead of generating',
    )
    .option('--speed <x>', 'replay speed factor (0 = as fast as possible)', '1')
    .option('--seed <n>', 'random seed', '42')
    .option('--drop <p>', 'probability a frame is dropped', '0')
    .option('--duplicate <p>', 'probability a frame is sent twice', '0')
    .option('--reorder <p>', 'probability a frame is held behind the next one', '0')
    .option('--malformed <p>', 'probability a frame is truncated', '0')
    .option('--disconnect-every <ms>', 'disconnect every client this often (0 = never)', '0')
    .option('--stall-every <ms>', 'stall every client this often (0 = never)', '0')
    .option('--stall-ms <ms>', 'length of a stall', '2000')
    .action(async (options: SimulateOptions) => {
      const simulator = await startSimulator({
        port: number(options.port, '--port', 0, 65535),
        host: options.host,
        products: options.products
          .split(',')
          .map((product) => product.trim())
          .filter(Boolean),
        seed: number(options.seed, '--seed', 0, 2 ** 32),
        heartbeatMs: number(options.heartbeatMs, '--heartbeat-ms', 1, 3_600_000),
        generator: {
          tradesPerSecond: number(options.rate, '--rate', 0, 1_000_000),
          burstEveryMs: number(options.burstEvery, '--burst-every', 0, 86_400_000),
          burstMultiplier: number(options.burstMultiplier, '--burst-multiplier', 1, 10_000),
          burstDurationMs: number(options.burstDuration, '--burst-duration', 0, 86_400_000),
        },
        replay: options.replay ? { file: options.replay, speed: number(options.speed, '--speed', 0, 1e9) } : undefined,
        faults: {
          drop: number(options.drop, '--drop', 0, 1),
          duplicate: number(options.duplicate, '--duplicate', 0, 1),
          reorder: number(options.reorder, '--reorder', 0, 1),
          malformed: number(options.malformed, '--malformed', 0, 1),
          disconnectEveryMs: number(options.disconnectEvery, '--disconnect-every', 0, 86_400_000),
          stallEveryMs: number(options.stallEvery, '--stall-every', 0, 86_400_000),
          stallMs: number(options.stallMs, '--stall-ms', 0, 86_400_000),
        },
      });
      process.stdout.write(
        `simulator: WebSocket ${simulator.wsUrl}  REST ${simulator.restUrl}\n` +
          `  COINBASE_WS_URL=${simulator.wsUrl} COINBASE_REST_URL=${simulator.restUrl} PRODUCER_SOURCE=simulator\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await simulator.close();
    });
}
