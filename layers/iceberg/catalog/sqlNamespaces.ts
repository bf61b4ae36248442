/** Namespace operations of the SQL catalog (namespaces live in iceberg_namespace_properties). */
import { NamespaceAlreadyExistsError, NamespaceNotEmptyError, NoSuchNamespaceError } from '../errors.js';
import type { Namespace } from './identifiers.js';
import { namespaceToString } from './identifiers.js';
import type { SqlDriver } from './SqlDriver.js';
import { NAMESPACE_EXISTS_PROPERTY, NAMESPACE_PROPERTIES, TABLES } from './sqlSchema.js';

export class SqlNamespaces {
  constructor(
    private readonly driver: SqlDriver,
    private readonly catalogName: string,
  ) {}

  async exists(namespace: Namespace): Promise<boolean> {
    const name = namespaceToString(namespace);
    const props = await this.driver.run(
      `SELECT 1 AS found FROM ${NAMESPACE_PROPERTIES} WHERE catalog_name = ? AND namespace = ? LIMIT 1`,
      [this.catalogName, name],
    );
    if (props.rows.length > 0) return true;
    const tables = await this.driver.run(
      `SELECT 1 AS found FROM ${TABLES} WHERE catalog_name = ? AND table_namespace = ? LIMIT 1`,
      [this.catalogName, name],
    );
    return tables.rows.length > 0;
  }

  async requireExists(namespace: Namespace): Promise<void> {
    if (!(await this.exists(namespace)))
      throw new NoSuchNamespaceError(
        `namespace ${namespaceToString(namespace)} does not exist in catalog ${this.catalogName}`,
      );
  }

  async create(namespace: Namespace, properties: Readonly<Record<string, string>>): Promise<void> {
    if (await this.exists(namespace))
      throw new NamespaceAlreadyExistsError(`namespace ${namespaceToString(namespace)} already exists`);
    const entries = Object.entries({ [NAMESPACE_EXISTS_PROPERTY]: 'true', ...properties });
    await this.driver
      .transaction(async (tx) => {
        for (const [key, value] of entries)
          await tx.run(
            `INSERT INTO ${NAMESPACE_PROPERTIES} (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)`,
            [this.catalogName, namespaceToString(namespace), key, value],
          );
      })
      .catch(async (error: unknown) => {
        if (await this.exists(namespace))
          throw new NamespaceAlreadyExistsError(`namespace ${namespaceToString(namespace)} was created concurrently`, {
            cause: error,
          });
        throw error;
      });
  }

  async list(parent: Namespace): Promise<Namespace[]> {
    const rows = await this.driver.run(
      `SELECT DISTINCT namespace AS ns FROM ${NAMESPACE_PROPERTIES} WHERE catalog_name = ?
       UNION SELECT DISTINCT table_namespace AS ns FROM ${TABLES} WHERE catalog_name = ?`,
      [this.catalogName, this.catalogName],
    );
    const out = new Map<string, Namespace>();
    for (const row of rows.rows) {
      const parts = String(row.ns).split('.');
      if (parts.length <= parent.length || parent.some((p, i) => parts[i] !== p)) continue;
      const child = parts.slice(0, parent.length + 1);
      out.set(child.join('.'), child);
    }
    return [...out.values()].sort((a, b) => a.join('.').localeCompare(b.join('.')));
  }

  async properties(namespace: Namespace): Promise<Record<string, string>> {
    await this.requireExists(namespace);
    const rows = await this.driver.run(
      `SELECT property_key, property_value FROM ${NAMESPACE_PROPERTIES} WHERE catalog_name = ? AND namespace = ?`,
      [this.catalogName, namespaceToString(namespace)],
    );
    const out: Record<string, string> = {};
    for (const row of rows.rows) out[String(row.property_key)] = String(row.property_value ?? '');
    return out;
  }

  async update(
    namespace: Namespace,
    removals: readonly string[],
    updates: Readonly<Record<string, string>>,
  ): Promise<void> {
    await this.requireExists(namespace);
    const name = namespaceToString(namespace);
    await this.driver.transaction(async (tx) => {
      for (const key of [...removals, ...Object.keys(updates)])
        await tx.run(
          `DELETE FROM ${NAMESPACE_PROPERTIES} WHERE catalog_name = ? AND namespace = ? AND property_key = ?`,
          [this.catalogName, name, key],
        );
      for (const [key, value] of Object.entries(updates))
        await tx.run(
          `INSERT INTO ${NAMESPACE_PROPERTIES} (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)`,
          [this.catalogName, name, key, value],
        );
    });
  }

  async drop(namespace: Namespace): Promise<void> {
    await this.requireExists(namespace);
    const name = namespaceToString(namespace);
    const tables = await this.driver.run(
      `SELECT table_name FROM ${TABLES} WHERE catalog_name = ? AND table_namespace = ? LIMIT 1`,
      [this.catalogName, name],
    );
    if (tables.rows.length > 0) throw new NamespaceNotEmptyError(`namespace ${name} still has tables`);
    await this.driver.run(`DELETE FROM ${NAMESPACE_PROPERTIES} WHERE catalog_name = ? AND namespace = ?`, [
      this.catalogName,
      name,
    ]);
  }
}
