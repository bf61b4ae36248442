import type { Command } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { replayFile } from '../../lambda-kafka/replay.js';

function parseSpeed(text: string): 'max' | number {
  if (text === 'max') return 'max';
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0) throw new Error(`--speed ${text}: expected max or a positive number`);
  return speed;
}

/** `lakehouse replay FILE [--speed max]`: a recorded feed through Kafka, bronze, silver and gold. */
export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay a recorded NDJSON feed through Kafka, bronzeWriter, silverPromoter and goldBuilder')
    .argument('<file>', 'NDJSON capture: one frame per line, or {"recv_ts": s, "raw": "<frame>"} lines')
    .option('--speed <speed>', 'max, or a factor of the recorded pace (2 = twice as fast)', 'max')
    .action(async (file: string, options: { speed: string }) => {
      const started = Date.now();
      const config = loadConfig();
      const result = await replayFile({
        file,
        speed: parseSpeed(options.speed),
        config,
        pipeline: config.pipeline,
        onProgress: (line) => process.stderr.write(`replay: ${line}\n`),
      });
      process.stdout.write(`replayed ${result.frames} frames via ${result.topic} in ${Date.now() - started} ms\n`);
      for (const [table, count] of Object.entries(result.counts)) {
        process.stdout.write(`${table.padEnd(24)} ${String(count).padStart(10)}\n`);
      }
      if (result.deadLettered > 0) process.stdout.write(`dead-lettered records: ${result.deadLettered}\n`);
    });
}
