import { enumVar, listVar, urlVar } from '../env.js';

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
} as const;
