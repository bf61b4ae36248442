/**
 * Fault injection on one client's outgoing frames: dropped, duplicated, reordered (a frame held back
 * behind the next one) and malformed (truncated) frames, by rate (seeded) or on command for the next
 * N frames; stalls and disconnects are handled by the session.
 */
import type { Random } from './random.js';

export interface FaultRates {
  /** Probability per frame (0..1) of each fault. */
  readonly drop?: number;
  readonly duplicate?: number;
  readonly reorder?: number;
  readonly malformed?: number;
  /** Disconnect every client this often (ms). */
  readonly disconnectEveryMs?: number;
  /** Stall every client this often (ms) for `stallMs`. */
  readonly stallEveryMs?: number;
  readonly stallMs?: number;
}

export type FrameKind = 'match' | 'ticker' | 'heartbeat' | 'other';
export type FaultKind = 'drop' | 'duplicate' | 'reorder' | 'malformed';

export interface FaultCommand {
  readonly kind: FaultKind;
  /** How many upcoming frames it applies to. */
  readonly count: number;
  /** Only frames of these kinds count (default: match frames, whose loss is observable). */
  readonly frames?: readonly FrameKind[];
}

export class FaultPlan {
  private readonly pending: { kind: FaultKind; left: number; frames: readonly FrameKind[] }[] = [];
  /** A frame held back by a reorder, released after the next frame of the same kind. */
  private held: { text: string; kind: FrameKind } | undefined;

  constructor(
    private readonly rates: FaultRates,
    private readonly random: Random,
  ) {}

  command(command: FaultCommand): void {
    this.pending.push({ kind: command.kind, left: command.count, frames: command.frames ?? ['match'] });
  }

  /** The frames to send now for one outgoing frame (0, 1, 2 or 3 texts). */
  apply(text: string, kind: FrameKind): string[] {
    const fault = this.take(kind) ?? this.roll();
    const release = (frames: string[]) => {
      if (this.held === undefined || this.held.kind !== kind || fault === 'reorder') return frames;
      const held = this.held.text;
      this.held = undefined;
      return [...frames, held];
    };
    switch (fault) {
      case 'drop':
        return release([]);
      case 'duplicate':
        return release([text, text]);
      case 'malformed':
        return release([text.slice(0, Math.max(1, Math.floor(text.length / 2)))]);
      case 'reorder': {
        const previous = this.held;
        this.held = { text, kind };
        return previous === undefined ? [] : [previous.text];
      }
      default:
        return release([text]);
    }
  }

  private take(kind: FrameKind): FaultKind | undefined {
    const index = this.pending.findIndex((entry) => entry.frames.includes(kind));
    if (index === -1) return undefined;
    const entry = this.pending[index] as (typeof this.pending)[number];
    entry.left--;
    if (entry.left <= 0) this.pending.splice(index, 1);
    return entry.kind;
  }

  private roll(): FaultKind | undefined {
    const { drop = 0, duplicate = 0, reorder = 0, malformed = 0 } = this.rates;
    if (drop + duplicate + reorder + malformed === 0) return undefined;
    const roll = this.random();
    if (roll < drop) return 'drop';
    if (roll < drop + duplicate) return 'duplicate';
    if (roll < drop + duplicate + reorder) return 'reorder';
    if (roll < drop + duplicate + reorder + malformed) return 'malformed';
    return undefined;
  }
}
