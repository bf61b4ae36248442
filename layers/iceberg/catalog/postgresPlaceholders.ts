/**
 * Rewrites the SQL catalog's `?` placeholders to PostgreSQL's `$1, $2, ...`, leaving question marks
 * inside quoted strings, quoted identifiers and comments alone.
 */
export function toPostgresPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let position = 0;
  while (position < sql.length) {
    const char = sql[position] as string;
    const skipTo = endOfQuotedOrComment(sql, position);
    if (skipTo !== undefined) {
      out += sql.slice(position, skipTo);
      position = skipTo;
    } else if (char === '?') {
      index++;
      out += `$${index}`;
      position++;
    } else {
      out += char;
      position++;
    }
  }
  return out;
}

/** The end of the string literal, quoted identifier or comment starting at `start`, if one starts there. */
function endOfQuotedOrComment(sql: string, start: number): number | undefined {
  const char = sql[start];
  if (char === "'" || char === '"') {
    let position = start + 1;
    while (position < sql.length) {
      if (sql[position] === char) {
        if (sql[position + 1] === char) position += 2;
        else return position + 1;
      } else position++;
    }
    return sql.length;
  }
  if (sql.startsWith('--', start)) {
    const end = sql.indexOf('\n', start);
    return end === -1 ? sql.length : end;
  }
  if (sql.startsWith('/*', start)) {
    const end = sql.indexOf('*/', start + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return undefined;
}
