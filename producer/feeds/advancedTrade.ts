import type { FeedAdapter } from './FeedAdapter.js';

/**
 * Coinbase Advanced Trade (`wss://advanced-trade-ws.coinbase.com`): one channel per subscribe message.
 * `heartbeats` (plural) keeps idle connections open; the singular name is an authentication error.
 */
export const advancedTradeFeed: FeedAdapter = {
  name: 'advanced-trade',
  defaultSource: 'advanced-trade',
  defaultChannels: ['market_trades', 'heartbeats'],
  subscribeMessages: (products, channels) =>
    channels.map((channel) => JSON.stringify({ type: 'subscribe', product_ids: products, channel })),
};
