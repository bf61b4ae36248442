import { portVar, stringVar } from '../env.js';

/**
 * serverless-offline's own listeners under `npm start`. serverless.yml reads the same variables with
 * the same defaults (custom.serverless-offline), and the commit chain's LAMBDA_ENDPOINT follows them.
 */
export const offlineSection = {
  host: stringVar(
    'OFFLINE_HOST',
    '127.0.0.1',
    "Address serverless-offline's Lambda, HTTP and WebSocket servers bind to.",
  ),
  lambdaPort: portVar(
    'OFFLINE_LAMBDA_PORT',
    3002,
    "Port of serverless-offline's Lambda Invoke API (the commit chain's LAMBDA_ENDPOINT follows it).",
  ),
  httpPort: portVar(
    'OFFLINE_HTTP_PORT',
    3000,
    "Port of serverless-offline's HTTP server (no http events are declared).",
  ),
  websocketPort: portVar(
    'OFFLINE_WEBSOCKET_PORT',
    3001,
    "Port of serverless-offline's WebSocket server (no websocket events are declared).",
  ),
} as const;
