/**
 * `lakehouse table ...`: Iceberg in the user's hands. Inspect (list, describe, snapshots, history,
 * files, refs), move refs (branch, tag, rollback, cherry-pick, fast-forward), evolve schemas and
 * partitioning, and maintain (compact, expire, remove-orphans). Each group lives in commands/table/.
 */
import type { Command } from 'commander';
import { registerEvolveCommands } from './table/evolve.js';
import { registerInspectCommands } from './table/inspect.js';
import { registerMaintenanceCommands } from './table/maintain.js';
import { registerRefCommands } from './table/refs.js';

export function tableCommand(program: Command): void {
  const table = program
    .command('table')
    .description('Iceberg tables: inspect, branches and tags, time travel, evolution, maintenance');
  registerInspectCommands(table);
  registerRefCommands(table);
  registerEvolveCommands(table);
  registerMaintenanceCommands(table);
}
