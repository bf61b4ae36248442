/** The dbt-style Jinja the models use: `{{ ref('model') }}` and `{{ source('namespace', 'table') }}`. */

export const REF = /\{\{\s*ref\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g;
export const SOURCE = /\{\{\s*source\(\s*'([a-z0-9_]+)'\s*,\s*'([a-z0-9_]+)'\s*\)\s*\}\}/g;

/** The model's SQL with refs and sources replaced by the relation names the runner registered. */
export function renderModel(
  model: { readonly sql: string },
  relation: (kind: 'ref' | 'source', name: string) => string,
): string {
  return model.sql
    .replace(REF, (_, name: string) => relation('ref', name))
    .replace(SOURCE, (_, namespace: string, table: string) => relation('source', `${namespace}.${table}`));
}
