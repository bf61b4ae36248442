/** The engine's SQL quoting is the bottom floor's (one copy for the project). */
export { quoteIdentifier, quoteQualified, quoteString } from '../../duckdb/index.js';
