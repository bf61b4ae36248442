import { type Env, enumVar, intVar, listVar, urlVar, type Variable } from '../env.js';

/** A variable that is undefined when unset and otherwise parsed (and validated) by `variable`. */
export function whenSet<T>(variable: Variable<T>, unsetMeaning: string): Variable<T | undefined> {
  return {
    name: variable.name,
    default: unsetMeaning,
    description: variable.description,
    read: (env: Env) => (env[variable.name]?.trim() ? variable.read(env) : undefined),
  };
}

export const coinbaseSection = {
  feed: enumVar(
    'COINBASE_FEED',
    'exchange',
    ['exchange', 'advanced-trade'] as const,
    'Which Coinbase WebSocket protocol the producer speaks.',
  ),
  wsUrl: urlVar(
    'COINBASE_WS_URL',
    'wss://ws-feed.exchange.coinbase.com',
    ['ws', 'wss'],
    'Coinbase WebSocket feed URL.',
  ),
  restUrl: urlVar(
    'COINBASE_REST_URL',
    'https://api.exchange.coinbase.com',
    ['http', 'https'],
    'Coinbase REST API used to backfill gaps.',
  ),
  products: listVar('PRODUCTS', ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'], 'Products to subscribe to.'),
  channels: whenSet(
    listVar(
      'COINBASE_CHANNELS',
      [],
      'Channels to subscribe to (comma-separated); unset = heartbeat,matches,ticker (Exchange) or market_trades,heartbeats (Advanced Trade).',
    ),
    '(feed default)',
  ),
  watchdogMs: intVar('COINBASE_WATCHDOG_MS', 30_000, 'Reconnect when no frame arrived for this long (ms).', {
    min: 100,
    max: 3_600_000,
  }),
  reconnectBaseMs: intVar(
    'COINBASE_RECONNECT_BASE_MS',
    500,
    'First reconnect backoff (ms); doubles per attempt, with jitter.',
    {
      min: 1,
      max: 600_000,
    },
  ),
  reconnectMaxMs: intVar('COINBASE_RECONNECT_MAX_MS', 30_000, 'Cap of the reconnect backoff (ms).', {
    min: 1,
    max: 3_600_000,
  }),
  gapGraceMs: intVar(
    'COINBASE_GAP_GRACE_MS',
    2000,
    'How long a trade_id gap may be filled by late frames before it is backfilled from REST (ms).',
    { min: 0, max: 3_600_000 },
  ),
  backfillPageDelayMs: intVar(
    'COINBASE_BACKFILL_PAGE_DELAY_MS',
    150,
    'Pause between REST trade pages while backfilling (ms).',
    {
      min: 0,
      max: 60_000,
    },
  ),
  backfillMaxTrades: intVar(
    'COINBASE_BACKFILL_MAX_TRADES',
    100_000,
    'Largest gap (in trades) fetched from REST; the rest is recorded as an unfillable gap.',
    { min: 1, max: 100_000_000 },
  ),
} as const;
