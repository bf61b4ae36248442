/**
 * One client connection: splits the byte stream into size-prefixed frames and writes responses
 * in request order, even when a later request (say a Heartbeat) finishes before an earlier
 * long-polling Fetch. A frame that cannot be decoded closes this connection only.
 */
import type { Socket } from 'node:net';
import type { Broker } from '../Broker.js';

interface Slot {
  done: boolean;
  /** The response frame in pieces (written with one writev), or null when none is due. */
  frame: Buffer[] | null;
}

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly broker: Broker,
    private readonly maxRequestBytes: number,
    private readonly onProblem: (message: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.closed && this.buffered >= 4) {
      const head = this.chunks[0] as Buffer;
      const size = head.length >= 4 ? head.readInt32BE(0) : Buffer.concat(this.chunks, this.buffered).readInt32BE(0);
      if (size < 0 || size > this.maxRequestBytes) {
        this.fail(`request frame of ${size} bytes is outside 0..${this.maxRequestBytes}`);
        return;
      }
      if (this.buffered < size + 4) return;
      const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks, this.buffered);
      const frame = all.subarray(4, size + 4);
      const rest = all.subarray(size + 4);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.dispatch(frame);
    }
  }

  private dispatch(frame: Buffer): void {
    const slot: Slot = { done: false, frame: null };
    this.slots.push(slot);
    let result: Buffer[] | null | Promise<Buffer[] | null>;
    try {
      result = this.broker.handle(frame, this.socket.remoteAddress ?? '');
    } catch (error) {
      this.fail((error as Error).message);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (frameOut) => this.complete(slot, frameOut),
        (error: unknown) => this.fail((error as Error).message),
      );
    } else {
      this.complete(slot, result);
    }
  }

  private complete(slot: Slot, frame: Buffer[] | null): void {
    slot.done = true;
    slot.frame = frame;
    if (!this.slots[0]?.done) return;
    // Corked, the pieces of every ready response leave in one writev.
    this.socket.cork();
    while (this.slots[0]?.done) {
      const next = this.slots.shift() as Slot;
      if (next.frame !== null && !this.closed) for (const piece of next.frame) this.socket.write(piece);
    }
    this.socket.uncork();
  }

  private fail(message: string): void {
    this.onProblem(`closing connection from ${this.socket.remoteAddress}:${this.socket.remotePort}: ${message}`);
    this.close();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
