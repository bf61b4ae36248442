/** Quoting for SQL the project generates: identifiers and string literals, always quoted. */

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A dotted, fully quoted name: quoteQualified(['iceberg', 'gold', 't']) -> "iceberg"."gold"."t". */
export function quoteQualified(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}
