/** A FIFO of pending records with O(1) push and O(batch) removal from the head. */
export class FrameQueue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  /** The first `count` items, left in the queue until `remove` confirms them. */
  first(count: number): T[] {
    return this.items.slice(this.head, this.head + count);
  }

  remove(count: number): void {
    this.head += Math.min(count, this.length);
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
