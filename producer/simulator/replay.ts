/**
 * Replay of an NDJSON capture. Each line is either a frame object (sent exactly as the line's text)
 * or `{"recv_ts": <epoch seconds>, "raw": "<frame text>"}` (sent as `raw`, byte for byte). Frames are
 * paced by recv_ts (or the frame's own `time`) divided by `speed`; speed 0 sends as fast as possible.
 */
import { readFileSync } from 'node:fs';
import { parseFrame, parseTimeMicros } from '../../layers/coinbase/index.js';
import type { SimTrade } from './Market.js';

export interface ReplayFrame {
  readonly text: string;
  /** Seconds (fractional) used for pacing, or null when the line carries no time. */
  readonly at: number | null;
}

export function loadReplay(file: string): ReplayFrame[] {
  const frames: ReplayFrame[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`replay ${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    const wrapped = value as { recv_ts?: unknown; raw?: unknown; time?: unknown };
    if (wrapped && typeof wrapped.raw === 'string') {
      frames.push({ text: wrapped.raw, at: typeof wrapped.recv_ts === 'number' ? wrapped.recv_ts : null });
      return;
    }
    const time = parseTimeMicros(wrapped?.time);
    frames.push({ text: line, at: time.ok ? Number(time.micros) / 1e6 : null });
  });
  return frames;
}

/** The trade a replayed match frame describes, for the simulator's REST log. */
export function replayedTrade(text: string): SimTrade | null {
  const parsed = parseFrame(text);
  if (!parsed.ok || parsed.frame.kind !== 'match') return null;
  const frame = parsed.frame;
  if (typeof frame.price !== 'string' || typeof frame.size !== 'string' || frame.time_us === null) return null;
  if (frame.side !== 'buy' && frame.side !== 'sell') return null;
  return {
    product_id: frame.product_id,
    trade_id: Number(frame.trade_id),
    price: frame.price,
    size: frame.size,
    side: frame.side,
    time: frame.time ?? '',
    time_us: frame.time_us,
    sequence: Number(frame.sequence ?? 0n),
    maker_order_id: frame.maker_order_id ?? '',
    taker_order_id: frame.taker_order_id ?? '',
  };
}

/** Sends frames in order with their recorded spacing / speed; resolves when all were sent or stopped. */
export async function playReplay(
  frames: readonly ReplayFrame[],
  speed: number,
  send: (text: string) => void,
  stopped: () => boolean,
): Promise<void> {
  const startWall = performance.now();
  const firstAt = frames.find((frame) => frame.at !== null)?.at ?? null;
  let sinceYield = 0;
  for (const frame of frames) {
    if (stopped()) return;
    const wait =
      speed > 0 && firstAt !== null && frame.at !== null
        ? startWall + ((frame.at - firstAt) * 1000) / speed - performance.now()
        : 0;
    if (wait > 1) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, wait));
    } else if (++sinceYield >= 500) {
      // Behind schedule or unpaced: still let sockets and timers run.
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (stopped()) return;
    send(frame.text);
  }
}
