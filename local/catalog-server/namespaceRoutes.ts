/**
 * Namespace endpoints: list, create, load, exists, drop, update properties. Loaded properties include
 * the SQL catalog's own `exists` marker (as PyIceberg's SqlCatalog shows it) and the namespace's
 * `location` (where its tables go unless a property says otherwise).
 */
import { NoSuchNamespaceError, namespaceToString } from '../../layers/iceberg/index.js';
import { stringList, stringMap } from './bodyFields.js';
import { readJsonBody } from './httpJson.js';
import { namespaceFromBody, namespaceFromParam } from './namespaceParam.js';
import { badRequest } from './restErrors.js';
import type { Route, RouteContext } from './route.js';

const namespaceOf = (context: RouteContext) => namespaceFromParam(context.params[0] as string);

export const namespaceRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: 'namespaces',
    async handle({ catalog, query }) {
      const text = query.get('parent');
      const parent = text === null || text === '' ? [] : namespaceFromParam(text, 'parent');
      if (parent.length > 0 && !(await catalog.namespaceExists(parent)))
        throw new NoSuchNamespaceError(`parent namespace ${namespaceToString(parent)} does not exist`);
      return { status: 200, body: { namespaces: await catalog.listNamespaces(parent) } };
    },
  },
  {
    method: 'POST',
    pattern: 'namespaces',
    async handle({ catalog, request }) {
      const body = await readJsonBody(request);
      const namespace = namespaceFromBody(body.namespace, 'namespace');
      const properties = stringMap(body.properties, 'properties');
      await catalog.createNamespace(namespace, properties);
      return { status: 200, body: { namespace, properties: await catalog.loadNamespaceProperties(namespace) } };
    },
  },
  {
    method: 'GET',
    pattern: 'namespaces/{namespace}',
    async handle(context) {
      const namespace = namespaceOf(context);
      const properties = await context.catalog.loadNamespaceProperties(namespace);
      // Engines place new tables under the namespace's location (Trino refuses to create one without it).
      const location = properties.location ?? context.catalog.defaultNamespaceLocation(namespace);
      return { status: 200, body: { namespace, properties: { ...properties, location } } };
    },
  },
  {
    method: 'HEAD',
    pattern: 'namespaces/{namespace}',
    async handle(context) {
      return { status: (await context.catalog.namespaceExists(namespaceOf(context))) ? 204 : 404 };
    },
  },
  {
    method: 'DELETE',
    pattern: 'namespaces/{namespace}',
    async handle(context) {
      await context.catalog.dropNamespace(namespaceOf(context));
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: 'namespaces/{namespace}/properties',
    async handle(context) {
      const namespace = namespaceOf(context);
      const body = await readJsonBody(context.request);
      const removals = stringList(body.removals, 'removals');
      const updates = stringMap(body.updates, 'updates');
      const both = removals.filter((key) => key in updates);
      if (both.length > 0) throw badRequest(`properties both removed and updated: ${both.join(', ')}`);
      const before = await context.catalog.loadNamespaceProperties(namespace);
      await context.catalog.updateNamespaceProperties(namespace, removals, updates);
      return {
        status: 200,
        body: {
          updated: Object.keys(updates),
          removed: removals.filter((key) => key in before),
          missing: removals.filter((key) => !(key in before)),
        },
      };
    },
  },
];
