/** Table property changes (set and remove), committed together. */
import { commitWithRetry } from './commitRetry.js';
import type { Table } from './Table.js';

export class UpdateProperties {
  private readonly updates: Record<string, string> = {};
  private readonly removals = new Set<string>();

  constructor(private readonly table: Table) {}

  set(key: string, value: string): this {
    this.updates[key] = value;
    this.removals.delete(key);
    return this;
  }

  remove(key: string): this {
    this.removals.add(key);
    delete this.updates[key];
    return this;
  }

  async commit(): Promise<Readonly<Record<string, string>>> {
    const md = await commitWithRetry(this.table, async () => ({
      requirements: [],
      updates: [
        ...(Object.keys(this.updates).length > 0
          ? [{ action: 'set-properties' as const, updates: { ...this.updates } }]
          : []),
        ...(this.removals.size > 0 ? [{ action: 'remove-properties' as const, removals: [...this.removals] }] : []),
      ],
    }));
    return md.properties;
  }
}
