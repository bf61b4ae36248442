import { advancedTradeFeed } from './advancedTrade.js';
import { exchangeFeed } from './exchange.js';
import type { FeedAdapter } from './FeedAdapter.js';

export type { FeedAdapter } from './FeedAdapter.js';

export function feedAdapter(name: 'exchange' | 'advanced-trade'): FeedAdapter {
  return name === 'exchange' ? exchangeFeed : advancedTradeFeed;
}
