/**
 * `lakehouse table evolve <change>`: schema evolution (add, rename, drop, widen, move, make optional
 * a column) and partition evolution (add, drop, replace a partition field), one change per run.
 * Readers resolve columns by field id, so existing data files stay valid.
 */
import type { Command } from 'commander';
import { parsePrimitive, parseTransform, type Table, ValidationError } from '../../../../layers/iceberg/index.js';
import { partitionRows, schemaRows } from './inspect.js';
import { loadNamedTable, requireColumn, requirePartitionField, withCatalog } from './lookup.js';
import { formatOption, printRows, type TableOutputFormat } from './output.js';

type FormatOptions = { format: TableOutputFormat };

function evolveAction(
  run: (table: Table, ...args: string[]) => Promise<unknown>,
  show: 'schema' | 'spec',
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const strings = args.filter((arg): arg is string => typeof arg === 'string');
    const options = args.find((arg) => typeof arg === 'object' && arg !== null && 'format' in arg) as FormatOptions;
    const [name, ...rest] = strings;
    await withCatalog(async (catalog) => {
      const table = await loadNamedTable(catalog, name as string);
      await run(table, ...rest);
      printRows(show === 'schema' ? schemaRows(table) : partitionRows(table), options.format);
    });
  };
}

type SchemaUpdate = ReturnType<Table['updateSchema']>;

/** A schema change to one existing column (`arg`: the command's next argument, if it takes one). */
function columnChange(apply: (update: SchemaUpdate, column: string, arg: string) => unknown) {
  return evolveAction(async (t, column, arg) => {
    requireColumn(t, column as string);
    const update = t.updateSchema();
    apply(update, column as string, arg as string);
    await update.commit();
  }, 'schema');
}

export function registerEvolveCommands(table: Command): void {
  const evolve = table.command('evolve').description('schema and partition evolution, one change per run');
  const change = (name: string, description: string) =>
    evolve.command(name).description(description).argument('<table>', 'namespace.table').addOption(formatOption());
  change('add-column', 'add an optional column (inside a struct with --parent)')
    .argument('<column>', 'the new column')
    .argument('<type>', "an Iceberg primitive type: long, string, 'decimal(18, 8)', timestamptz, ...")
    .option('--parent <struct>', 'add it inside this struct column')
    .option('--doc <text>', 'column documentation')
    .action(
      async (
        name: string,
        column: string,
        type: string,
        options: FormatOptions & { parent?: string; doc?: string },
      ) => {
        await evolveAction(async (t) => {
          if (options.parent !== undefined) requireColumn(t, options.parent);
          await t
            .updateSchema()
            .addColumn(column, parsePrimitive(type), {
              ...(options.parent === undefined ? {} : { parent: options.parent }),
              ...(options.doc === undefined ? {} : { doc: options.doc }),
            })
            .commit();
        }, 'schema')(name, options);
      },
    );
  change('rename-column', 'rename a column')
    .argument('<column>', 'the column')
    .argument('<new-name>', 'its new name')
    .action(columnChange((update, column, newName) => update.renameColumn(column, newName)));
  change('drop-column', 'drop a column (not one the current partition spec uses)')
    .argument('<column>', 'the column')
    .action(columnChange((update, column) => update.deleteColumn(column)));
  change('widen-column', 'widen a column type: int -> long, float -> double, decimal(P, S) -> decimal(P2 >= P, S)')
    .argument('<column>', 'the column')
    .argument('<type>', 'the wider type')
    .action(columnChange((update, column, type) => update.updateColumn(column, parsePrimitive(type))));
  change('make-optional', 'make a required column optional')
    .argument('<column>', 'the column')
    .action(columnChange((update, column) => update.makeColumnOptional(column)));
  change('move-column', 'reorder: move a column first, or before or after another of the same struct')
    .argument('<column>', 'the column')
    .option('--first', 'to the start of its struct')
    .option('--before <column>', 'just before this column')
    .option('--after <column>', 'just after this column')
    .action(
      async (
        name: string,
        column: string,
        options: FormatOptions & { first?: boolean; before?: string; after?: string },
      ) => {
        const given = [options.first, options.before, options.after].filter((x) => x !== undefined).length;
        if (given !== 1) throw new ValidationError('move-column takes exactly one of --first, --before, --after');
        await evolveAction(async (t) => {
          requireColumn(t, column);
          for (const other of [options.before, options.after]) if (other !== undefined) requireColumn(t, other);
          const update = t.updateSchema();
          if (options.first) update.moveFirst(column);
          else if (options.before !== undefined) update.moveBefore(column, options.before);
          else if (options.after !== undefined) update.moveAfter(column, options.after);
          await update.commit();
        }, 'schema')(name, options);
      },
    );
  change('add-partition', 'add a partition field: identity, year, month, day, hour, bucket[N], truncate[W]')
    .argument('<column>', 'the source column')
    .argument('[transform]', 'the transform', 'identity')
    .option('--name <name>', 'the partition field name (default e.g. ts_day)')
    .action(async (name: string, column: string, transform: string, options: FormatOptions & { name?: string }) => {
      await evolveAction(async (t) => {
        requireColumn(t, column);
        await t.updateSpec().addField(column, parseTransform(transform), options.name).commit();
      }, 'spec')(name, options);
    });
  change('drop-partition', 'drop a partition field (new data is no longer split by it)')
    .argument('<field>', 'the partition field name')
    .action(
      evolveAction(async (t, field) => {
        requirePartitionField(t, field as string);
        await t
          .updateSpec()
          .removeField(field as string)
          .commit();
      }, 'spec'),
    );
  change('replace-partition', 'replace a partition field by another in one spec change (e.g. day -> month)')
    .argument('<field>', 'the partition field to replace')
    .argument('<column>', 'the new field source column')
    .argument('[transform]', 'the new transform', 'identity')
    .option('--name <name>', 'the new field name')
    .action(
      async (
        name: string,
        field: string,
        column: string,
        transform: string,
        options: FormatOptions & { name?: string },
      ) => {
        await evolveAction(async (t) => {
          requirePartitionField(t, field);
          requireColumn(t, column);
          await t.updateSpec().removeField(field).addField(column, parseTransform(transform), options.name).commit();
        }, 'spec')(name, options);
      },
    );
}
