/**
 * A FIFO of buffers that hands out bytes without copying more than asked: parsers take small
 * headers as one Buffer and pass large bodies through as zero-copy slices.
 */
export class ByteQueue {
  private bufs: Buffer[] = [];
  /** Index of the first live buffer in `bufs` (consumed ones are compacted away in batches). */
  private first = 0;
  /** Offset of the first live byte in bufs[first]. */
  private head = 0;
  length = 0;

  push(buf: Buffer): void {
    if (buf.length === 0) return;
    this.bufs.push(buf);
    this.length += buf.length;
  }

  /** The first `n` bytes (n <= length) as one Buffer, without consuming them. */
  peek(n: number): Buffer {
    const front = this.bufs[this.first];
    if (front && front.length - this.head >= n) return front.subarray(this.head, this.head + n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    for (let i = this.first; filled < n; i++) {
      const b = this.bufs[i];
      const start = i === this.first ? this.head : 0;
      filled += b.copy(out, filled, start, start + Math.min(n - filled, b.length - start));
    }
    return out;
  }

  /** The unread part of the first buffer, without consuming it (empty when the queue is). */
  front(): Buffer {
    const b = this.bufs[this.first];
    return b ? b.subarray(this.head) : Buffer.alloc(0);
  }

  /** Consume exactly `n` bytes (n <= length) as one Buffer. */
  take(n: number): Buffer {
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  /** Consume up to `max` bytes from the first buffer only: a zero-copy slice (empty when none). */
  takeSome(max: number): Buffer {
    const front = this.bufs[this.first];
    if (!front || max <= 0) return Buffer.alloc(0);
    const n = Math.min(max, front.length - this.head);
    const out = front.subarray(this.head, this.head + n);
    this.skip(n);
    return out;
  }

  /** Drop up to `n` bytes; returns how many were dropped. */
  skip(n: number): number {
    let left = Math.min(n, this.length);
    const dropped = left;
    while (left > 0) {
      const avail = this.bufs[this.first].length - this.head;
      if (avail > left) {
        this.head += left;
        left = 0;
      } else {
        left -= avail;
        this.first++;
        this.head = 0;
      }
    }
    this.length -= dropped;
    if (this.first > 64 && this.first * 2 > this.bufs.length) {
      this.bufs = this.bufs.slice(this.first);
      this.first = 0;
    }
    return dropped;
  }

  /**
   * Copy the unread bytes into memory of the queue's own (one buffer), so the buffers pushed so
   * far may be reused by their owner. Cheap: parsers leave at most a header or one metadata
   * segment unread.
   */
  detach(): void {
    if (this.length === 0) {
      this.bufs = [];
      this.first = 0;
      this.head = 0;
      return;
    }
    const own = this.peek(this.length);
    this.bufs = [own.buffer === this.bufs[this.first].buffer ? Buffer.from(own) : own];
    this.first = 0;
    this.head = 0;
  }
}
