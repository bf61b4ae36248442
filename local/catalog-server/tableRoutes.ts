/**
 * Table endpoints: list, create, load, exists, commit, drop, register, rename. Commits go through
 * SqlCatalog.commitTable, whose compare-and-swap on the metadata pointer makes a commit whose
 * requirements no longer hold (or that lost a race) a 409 CommitFailedException.
 */
import {
  identifierToString,
  NoSuchNamespaceError,
  NoSuchTableError,
  namespaceToString,
  PartitionSpec,
  Schema,
  SortOrder,
  type TableIdentifier,
  tableMetadataToJson,
  tableRequirementsFromJson,
  tableUpdatesFromJson,
} from '../../layers/iceberg/index.js';
import { nameFromBody, parsePart, stringMap } from './bodyFields.js';
import { readJsonBody } from './httpJson.js';
import { loadTableResult } from './loadTableResult.js';
import { namespaceFromBody, namespaceFromParam } from './namespaceParam.js';
import { badRequest } from './restErrors.js';
import type { Route, RouteContext } from './route.js';

const namespaceOf = (context: RouteContext) => namespaceFromParam(context.params[0] as string);

function identifierOf(context: RouteContext): TableIdentifier {
  return { namespace: namespaceOf(context), name: context.params[1] as string };
}

function identifierFromBody(value: unknown, what: string): TableIdentifier {
  if (value === null || typeof value !== 'object') throw badRequest(`${what} must be {namespace, name}`);
  const obj = value as Record<string, unknown>;
  return {
    namespace: namespaceFromBody(obj.namespace, `${what}.namespace`),
    name: nameFromBody(obj.name, `${what}.name`),
  };
}

export const tableRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: 'namespaces/{namespace}/tables',
    async handle(context) {
      const identifiers = await context.catalog.listTables(namespaceOf(context));
      return { status: 200, body: { identifiers } };
    },
  },
  {
    method: 'POST',
    pattern: 'namespaces/{namespace}/tables',
    async handle(context) {
      const namespace = namespaceOf(context);
      const body = await readJsonBody(context.request);
      const id = { namespace, name: nameFromBody(body.name, 'name') };
      const options = {
        schema: parsePart('schema', body.schema, Schema.fromJson),
        ...(body['partition-spec'] == null
          ? {}
          : { partitionSpec: parsePart('partition-spec', body['partition-spec'], PartitionSpec.fromJson) }),
        ...(body['write-order'] == null
          ? {}
          : { sortOrder: parsePart('write-order', body['write-order'], SortOrder.fromJson) }),
        ...(body.location == null ? {} : { location: nameFromBody(body.location, 'location') }),
        properties: stringMap(body.properties, 'properties'),
      };
      if (body['stage-create'] === true) {
        // Nothing is written: the client commits these metadata later with assert-create.
        const metadata = await context.catalog.stageCreateTable(id, options);
        return { status: 200, body: { metadata: tableMetadataToJson(metadata), config: { ...context.tableConfig } } };
      }
      const table = await context.catalog.createTable(id, options);
      return { status: 200, body: loadTableResult(table, context.tableConfig) };
    },
  },
  {
    method: 'GET',
    pattern: 'namespaces/{namespace}/tables/{table}',
    async handle(context) {
      const table = await context.catalog.loadTable(identifierOf(context));
      return { status: 200, body: loadTableResult(table, context.tableConfig) };
    },
  },
  {
    method: 'HEAD',
    pattern: 'namespaces/{namespace}/tables/{table}',
    async handle(context) {
      return { status: (await context.catalog.tableExists(identifierOf(context))) ? 204 : 404 };
    },
  },
  {
    method: 'POST',
    pattern: 'namespaces/{namespace}/tables/{table}',
    async handle(context) {
      const id = identifierOf(context);
      const body = await readJsonBody(context.request);
      if (body.identifier != null) {
        const named = identifierFromBody(body.identifier, 'identifier');
        if (identifierToString(named) !== identifierToString(id))
          throw badRequest(
            `identifier ${identifierToString(named)} does not match the path's ${identifierToString(id)}`,
          );
      }
      const requirements = tableRequirementsFromJson(body.requirements);
      const updates = tableUpdatesFromJson(body.updates);
      // Without assert-create the table must exist: a missing one is 404, not a failed requirement.
      const creates = requirements.some((r) => r.type === 'assert-create');
      if (!creates && !(await context.catalog.tableExists(id)))
        throw new NoSuchTableError(`table ${identifierToString(id)} does not exist`);
      if (creates && !(await context.catalog.namespaceExists(id.namespace)))
        throw new NoSuchNamespaceError(`namespace ${namespaceToString(id.namespace)} does not exist`);
      const response = await context.catalog.commitTable(id, requirements, updates);
      return {
        status: 200,
        body: { 'metadata-location': response.metadataLocation, metadata: tableMetadataToJson(response.metadata) },
      };
    },
  },
  {
    method: 'DELETE',
    pattern: 'namespaces/{namespace}/tables/{table}',
    async handle(context) {
      await context.catalog.dropTable(identifierOf(context), { purge: context.query.get('purgeRequested') === 'true' });
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: 'namespaces/{namespace}/register',
    async handle(context) {
      const namespace = namespaceOf(context);
      const body = await readJsonBody(context.request);
      if (body.overwrite === true) throw badRequest('register with overwrite is not supported');
      const name = nameFromBody(body.name, 'name');
      const location = nameFromBody(body['metadata-location'], 'metadata-location');
      const table = await context.catalog.registerTable({ namespace, name }, location);
      return { status: 200, body: loadTableResult(table, context.tableConfig) };
    },
  },
  {
    method: 'POST',
    pattern: 'tables/rename',
    async handle(context) {
      const body = await readJsonBody(context.request);
      const source = identifierFromBody(body.source, 'source');
      const destination = identifierFromBody(body.destination, 'destination');
      await context.catalog.renameTable(source, destination);
      return { status: 204 };
    },
  },
];
