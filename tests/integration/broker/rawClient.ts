/** A bare Kafka-protocol client for tests: sends request frames and collects response frames in arrival order. */
import net from 'node:net';
import { Reader } from '../../../local/broker/protocol/Reader.js';
import { Writer } from '../../../local/broker/protocol/Writer.js';

export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly responses: { correlationId: number; body: Reader }[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32BE(0) + 4) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.responses.push({ correlationId: frame.readInt32BE(0), body: new Reader(frame.subarray(4)) });
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request whose body `writeBody` encodes after the v1 request header. */
  send(apiKey: number, version: number, correlationId: number, writeBody: (writer: Writer) => void): void {
    const writer = new Writer();
    writer.int32(0).int16(apiKey).int16(version).int32(correlationId).string('raw-test');
    writeBody(writer);
    const frame = writer.toBuffer();
    frame.writeInt32BE(frame.length - 4, 0);
    this.socket.write(frame);
  }

  sendBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next response in arrival order. */
  async next(timeoutMs = 10_000): Promise<{ correlationId: number; body: Reader }> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length === 0) {
      if (this.closed) throw new Error('connection closed before a response arrived');
      if (Date.now() > deadline) throw new Error('no response in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.responses.shift() as { correlationId: number; body: Reader };
  }

  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
