/**
 * The Trino-protocol gateway: Trino's client REST protocol served over the lakehouse's QueryEngine
 * (read-only, each query checked on DuckDB's own parse and run on locked DuckDB databases), so trino-client, the Python `trino` client, Grafana,
 * DBeaver and the Trino CLI query the embedded lakehouse as they would a Trino cluster.
 *
 * - startGateway: start the HTTP server over an engine; returns { url, port, close() }.
 * - startConfiguredGateway: the same from configuration, over the engine it opens (npm start).
 * - MetadataSource: how SHOW / information_schema learn the schemas and tables.
 * - the client side (`lakehouse sql --server`) lives in ./client/.
 */
export type { AuthMode, AuthOptions } from './auth.js';
export { gatewayAuth, gatewayTls, startConfiguredGateway } from './fromConfig.js';
export type { MetadataSource, TableName } from './metadata/MetadataSource.js';
export { engineMetadataSource } from './metadata/MetadataSource.js';
export type { RuntimeQuery } from './metadata/virtualTables.js';
export { classifyError, GatewayQueryError, TrinoErrorCodes } from './protocol/errors.js';
export type { DatabaseSandbox, SandboxReport } from './sandboxProbe.js';
export { checkStatement } from './sql/statementPolicy.js';
export { GATEWAY_NODE_VERSION, type Gateway, type GatewayOptions, startGateway } from './startGateway.js';
