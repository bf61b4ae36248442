import { portVar, stringVar } from '../env.js';

export const gatewaySection = {
  host: stringVar('GATEWAY_HOST', '127.0.0.1', 'Address the Trino-protocol gateway binds to.'),
  port: portVar('GATEWAY_PORT', 8082, 'Port of the Trino-protocol gateway.'),
} as const;
