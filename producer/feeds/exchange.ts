import type { FeedAdapter } from './FeedAdapter.js';

/** Coinbase Exchange (`wss://ws-feed.exchange.coinbase.com`): one subscribe message for every channel. */
export const exchangeFeed: FeedAdapter = {
  name: 'exchange',
  defaultSource: 'exchange',
  defaultChannels: ['heartbeat', 'matches', 'ticker'],
  subscribeMessages: (products, channels) => [JSON.stringify({ type: 'subscribe', product_ids: products, channels })],
};
