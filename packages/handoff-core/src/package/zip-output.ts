import type { FileHandle } from 'node:fs/promises';
import { startRingHasher, type RingHasher } from '../fs/sha256-aside';

/** Bytes per slot of the ring: the read size of a source file. */
export const SLOT_BYTES = 1024 * 1024;
/**
 * Slots in the ring: one being read ahead, one being checksummed, the staging slot, and the rest in
 * the hashing workers or the file write. 10 MiB of shared memory whatever the bundle.
 */
export const RING_SLOTS = 10;

/** Stream id of the zip's own digest on its hasher. */
const ZIP_STREAM = 0;

/**
 * Where the bytes of a zip go, in order: into the file (sequential writes at known offsets) and
 * through two hashing workers that read the same shared memory: one computes the zip's own
 * sha256, the other each entry's. A source file is read straight into a slot of the ring, so its
 * bytes are never copied in this process; small or transformed bytes (headers, stripped images,
 * deflated text) are copied into a staging slot first. A slot is reused only once the file write
 * and every worker are done with it, so memory is the ring, whatever the data.
 *
 * This replaces a chain of streams (read stream, hash stream, archiver, CRC stream, output hash,
 * write stream) and a second pass re-reading the written zip to hash it (docs/benchmarks.md).
 */
export class ZipOutput {
  private readonly memory = new SharedArrayBuffer(RING_SLOTS * SLOT_BYTES);
  readonly ring = Buffer.from(this.memory);
  private readonly free: number[] = Array.from({ length: RING_SLOTS }, (_, i) => i);
  private readonly holds = new Array<number>(RING_SLOTS).fill(0);
  private waiting: (() => void)[] = [];
  private readonly zipHasher: RingHasher;
  private readonly entryHasher: RingHasher;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  /** The slot small and copied bytes go into: [start, fill) is not yet written or hashed. */
  private staging: { slot: number; start: number; fill: number } | undefined;
  /** Bytes of the zip given a place in the file (written or being written). */
  private placed = 0;

  constructor(private readonly file: FileHandle) {
    this.zipHasher = startRingHasher(this.memory);
    this.entryHasher = startRingHasher(this.memory);
    this.zipHasher.onFailure((err) => this.fail(err));
    this.entryHasher.onFailure((err) => this.fail(err));
  }

  /** Bytes of the zip emitted so far, staged ones included: the offset of the next one. */
  get offset(): number {
    const st = this.staging;
    return this.placed + (st ? st.fill - st.start : 0);
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /** Throws the first failure of a write or a worker. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** A free slot, held by the caller until it calls release(slot). */
  async acquire(): Promise<number> {
    for (;;) {
      this.check();
      const slot = this.free.pop();
      if (slot !== undefined) {
        this.holds[slot] = 1;
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  release(slot: number): void {
    if (--this.holds[slot] > 0) return;
    this.free.push(slot);
    this.waiting.shift()?.();
  }

  /** ring bytes of `slot` from `off`, `len` long (for the caller's CRC or parsing). */
  view(slot: number, off: number, len: number): Buffer {
    return this.ring.subarray(slot * SLOT_BYTES + off, slot * SLOT_BYTES + off + len);
  }

  /** Where `piece` starts in `slot` when it lies wholly in it (a slice of the slot's bytes). */
  offsetIn(slot: number, piece: Buffer): number | undefined {
    if (slot < 0 || piece.buffer !== this.memory) return undefined;
    const off = piece.byteOffset - slot * SLOT_BYTES;
    return off >= 0 && off + piece.length <= SLOT_BYTES ? off : undefined;
  }

  /**
   * Emit ring bytes [off, off + len) of a slot the caller holds as the next bytes of the zip, and,
   * with `entry`, as the next bytes of that entry's sha256. Anything staged goes first.
   */
  emit(slot: number, off: number, len: number, entry?: number): void {
    this.flushStaging();
    this.emitRange(slot, off, len, entry);
  }

  private emitRange(slot: number, off: number, len: number, entry?: number): void {
    if (len === 0) return;
    const at = slot * SLOT_BYTES + off;
    this.holds[slot] += 2;
    const done = () => this.release(slot);
    if (entry !== undefined) {
      this.holds[slot]++;
      this.entryHasher.hash(entry, at, len, false, done);
    }
    this.zipHasher.hash(ZIP_STREAM, at, len, false, done);
    const position = this.placed;
    this.placed += len;
    this.writing = this.writing.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await writeAll(this.file, this.ring, at, len, position);
        done();
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** Copy `bytes` into the zip (and, with `entry`, into that entry's sha256) through the staging slot. */
  async copy(bytes: Buffer, entry?: number): Promise<void> {
    let from = 0;
    while (from < bytes.length) {
      this.check();
      this.staging ??= { slot: await this.acquire(), start: 0, fill: 0 };
      const st = this.staging;
      const n = Math.min(bytes.length - from, SLOT_BYTES - st.fill);
      bytes.copy(this.ring, st.slot * SLOT_BYTES + st.fill, from, from + n);
      if (entry !== undefined) {
        this.holds[st.slot]++;
        this.entryHasher.hash(entry, st.slot * SLOT_BYTES + st.fill, n, false, () => this.release(st.slot));
      }
      st.fill += n;
      from += n;
      if (st.fill === SLOT_BYTES) this.flushStaging();
    }
  }

  /** Emit what is staged; a full staging slot is handed back (the next copy takes a new one). */
  private flushStaging(): void {
    const st = this.staging;
    if (!st) return;
    this.emitRange(st.slot, st.start, st.fill - st.start);
    st.start = st.fill;
    if (st.fill === SLOT_BYTES) {
      this.staging = undefined;
      this.release(st.slot);
    }
  }

  /**
   * Entry `entry` has no more bytes: its sha256 (once the worker has hashed them). It rejects when
   * the write fails first; never an unhandled rejection (the writer may drop it on that failure).
   */
  entryDigest(entry: number): Promise<string> {
    const digest = this.entryHasher.end(entry, false).then((d) => d.sha256);
    digest.catch(() => undefined);
    return digest;
  }

  /** Everything emitted: wait for the writes, the zip's sha256. */
  async finish(): Promise<string> {
    this.flushStaging();
    await this.writing;
    this.check();
    const { sha256 } = await this.zipHasher.end(ZIP_STREAM, false);
    this.check();
    return sha256;
  }

  /** Stop the workers once the writes in flight have settled (on success or failure). */
  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
    await Promise.all([this.zipHasher.close(), this.entryHasher.close()]);
  }
}

/** Write all of buf[off, off + len) at `position` (a write may take fewer bytes). */
async function writeAll(file: FileHandle, buf: Buffer, off: number, len: number, position: number): Promise<void> {
  while (len > 0) {
    const { bytesWritten } = await file.write(buf, off, len, position);
    off += bytesWritten;
    len -= bytesWritten;
    position += bytesWritten;
  }
}
