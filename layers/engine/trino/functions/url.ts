/**
 * Trino's URL extraction functions (functions/url): `[protocol:][//host[:port]][path][?query][#fragment]`,
 * split with the URI reference expression of RFC 3986 appendix B. An absent component is NULL.
 */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

const URI = `'^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?'`;

function part(url: string, group: number): string {
  return `nullif(regexp_extract(${url}, ${URI}, ${group}), '')`;
}

/** The authority without user information and port. */
const HOST = `regexp_extract(${part('u', 4)}, '^(?:[^@]*@)?(\\[[^\\]]*\\]|[^:]*)', 1)`;

export const URL_FUNCTIONS: readonly TrinoFunction[] = [
  macro('url_extract_protocol', `(u) AS ${part('u', 2)}`),
  macro('url_extract_host', `(u) AS nullif(${HOST}, '')`),
  macro('url_extract_port', `(u) AS CAST(nullif(regexp_extract(${part('u', 4)}, ':(\\d+)$', 1), '') AS BIGINT)`),
  macro('url_extract_path', `(u) AS regexp_extract(u, ${URI}, 5)`),
  macro('url_extract_query', `(u) AS ${part('u', 7)}`),
  macro('url_extract_fragment', `(u) AS ${part('u', 9)}`),
  // Form encoding (RFC 1866 8.2.1): '+' is a space, %XX a byte; the first parameter of that name wins.
  macro(
    'url_extract_parameter',
    `(u, name) AS CASE WHEN regexp_matches(coalesce(${part('u', 7)}, ''), '(^|&)' || regexp_escape(name) || '(=|&|$)') ` +
      `THEN url_decode(replace(regexp_extract(${part('u', 7)}, '(?:^|&)' || regexp_escape(name) || '=?([^&]*)', 1), '+', ' ')) END`,
  ),
];
