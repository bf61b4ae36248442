/** What differs between Coinbase's WebSocket protocols: how to subscribe and which source they are. */
import type { FrameSource } from '../../layers/kafka/index.js';

export interface FeedAdapter {
  readonly name: 'exchange' | 'advanced-trade';
  readonly defaultSource: FrameSource;
  /** Messages to send right after the socket opens (Coinbase closes it after 5 s without one). */
  subscribeMessages(products: readonly string[], channels: readonly string[]): string[];
  readonly defaultChannels: readonly string[];
}
