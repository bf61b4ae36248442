/**
 * Child process: reads Iceberg tables with icebird (npm) and prints the rows as JSON.
 * Usage: node readWithIcebird.js <table-location> <metadata-file-name>...
 *
 * icebird fetches every file through `fetch`; here `fetch` of an absolute path or file:// URI is
 * answered from the local filesystem, with HTTP range semantics (206 for a Range header, HEAD for the
 * length), so icebird itself still parses the metadata, manifests and Parquet files. Values come out
 * in the same exact text form as the PyIceberg reader uses, at icebird's precision: it reads decimals
 * as JavaScript numbers and timestamps as Date (milliseconds).
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { icebergMetadata, icebergRead } from 'icebird';

async function fileResponse(url: string, init?: RequestInit): Promise<Response> {
  const filePath = url.startsWith('file:') ? fileURLToPath(url) : url;
  let content: Buffer;
  try {
    content = await fs.readFile(filePath);
  } catch {
    return new Response(null, { status: 404, statusText: 'Not Found' });
  }
  if (init?.method === 'HEAD') {
    return new Response(null, { status: 200, headers: { 'content-length': String(content.length) } });
  }
  const range = new Headers(init?.headers).get('Range');
  const match = range === null ? null : /^bytes=(\d+)-(\d*)$/.exec(range);
  if (match !== null) {
    const start = Number(match[1]);
    const end = match[2] === '' ? content.length : Number(match[2]) + 1;
    return new Response(content.subarray(start, end), { status: 206 });
  }
  return new Response(content, { status: 200 });
}

const networkFetch = globalThis.fetch;
globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.startsWith('/') || url.startsWith('file:')) return fileResponse(url, init);
  return networkFetch(input, init);
};

interface SchemaField {
  readonly name: string;
  readonly type: unknown;
}

function exact(value: unknown, type: unknown): unknown {
  if (value === null || value === undefined) return null;
  const decimal = typeof type === 'string' ? /^decimal\(\d+,\s*(\d+)\)$/.exec(type) : null;
  if (decimal !== null) return Number(value).toFixed(Number(decimal[1]));
  if (value instanceof Date) return String(BigInt(value.getTime()) * 1000n);
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  return value;
}

const [tableLocation, ...metadataFiles] = process.argv.slice(2);
if (tableLocation === undefined) throw new Error('usage: readWithIcebird.js <table-location> <metadata-file-name>...');
const results = [];
for (const metadataFileName of metadataFiles) {
  const metadata = await icebergMetadata({ tableUrl: tableLocation, metadataFileName });
  const schema = metadata.schemas.find(
    (s: { 'schema-id': number }) => s['schema-id'] === metadata['current-schema-id'],
  );
  const fields: SchemaField[] = schema?.fields ?? [];
  const rows = await icebergRead({ tableUrl: tableLocation, metadata });
  results.push({
    metadataFileName,
    rows: rows.map((row) => Object.fromEntries(fields.map((f) => [f.name, exact(row[f.name], f.type)]))),
  });
}
process.stdout.write(JSON.stringify(results));
