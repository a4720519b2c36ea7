import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Worker } from 'node:worker_threads';

/**
 * sha256 of many byte streams on a worker thread, so the thread that reads, checksums (CRC-32)
 * and writes zip entries does not also spend ~0.7 s per GB hashing them. The bytes sit in shared
 * memory (a SharedArrayBuffer "ring"); the worker is told which range of it belongs to which stream,
 * hashes it, and acks the range so its owner may reuse it. Digests come back in the order the
 * streams end. Nothing is copied between threads and there is no garbage per chunk on either side.
 *
 * Two users: createSha256Aside (below: a ring of its own, each chunk copied in, for callers whose
 * bytes live elsewhere) and the zip writer, which reads source files straight into its ring and has
 * two of these hash the same slots (each entry's sha256, and the zip's own).
 */

/** Plain JavaScript for the worker (no TypeScript loader there). */
const WORKER_SOURCE = `
const { createHash } = require('node:crypto');
const { crc32 } = require('node:zlib');
const { parentPort, workerData } = require('node:worker_threads');
const ring = Buffer.from(workerData.ring);
const streams = new Map();
const open = (m) => {
  let s = streams.get(m.id);
  if (!s) streams.set(m.id, (s = { hash: createHash('sha256'), crc: m.crc ? 0 : undefined }));
  return s;
};
parentPort.on('message', (m) => {
  const s = open(m);
  if (m.len !== undefined) {
    const bytes = ring.subarray(m.off, m.off + m.len);
    s.hash.update(bytes);
    if (s.crc !== undefined) s.crc = crc32(bytes, s.crc);
    parentPort.postMessage({ ack: m.tag });
  } else {
    streams.delete(m.id);
    parentPort.postMessage({ id: m.id, hex: s.hash.digest('hex'), crc: s.crc === undefined ? undefined : s.crc >>> 0 });
  }
});
`;

const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

export interface AsideDigest {
  sha256: string;
  /** Unsigned CRC-32 of the bytes, when asked for. */
  crc32?: number;
}

/** A worker hashing ranges of one shared ring, for any number of interleaved streams. */
export interface RingHasher {
  /**
   * Hash ring[off, off + len) as the next bytes of stream `id` (`crc`: also its CRC-32; the same
   * for every call of a stream). `done` runs once the worker has read the range: the owner may
   * then overwrite it. Never called after a failure (see `failure`).
   */
  hash(id: number, off: number, len: number, crc: boolean, done: () => void): void;
  /** Stream `id` has no more bytes: its digest, once the worker has hashed every range sent. */
  end(id: number, crc: boolean): Promise<AsideDigest>;
  /** The worker's error, once it failed or was closed; pending digests have rejected with it. */
  failure(): Error | undefined;
  /** Called once, on the first failure (for an owner waiting on `done` callbacks that will not come). */
  onFailure(listener: (err: Error) => void): void;
  /** Stop the worker; digests not yet delivered reject. */
  close(): Promise<void>;
}

/** The same interface on this thread: when a worker cannot be started. */
function inlineRingHasher(ring: Buffer): RingHasher {
  const streams = new Map<number, { hash: Hash; crc: number }>();
  const open = (id: number) => {
    let s = streams.get(id);
    if (!s) streams.set(id, (s = { hash: createHash('sha256'), crc: 0 }));
    return s;
  };
  return {
    hash(id, off, len, crc, done) {
      const s = open(id);
      const bytes = ring.subarray(off, off + len);
      s.hash.update(bytes);
      if (crc) s.crc = crc32(bytes, s.crc);
      done();
    },
    end(id, crc) {
      const s = open(id);
      streams.delete(id);
      return Promise.resolve({ sha256: s.hash.digest('hex'), crc32: crc ? s.crc >>> 0 : undefined });
    },
    failure: () => undefined,
    onFailure: () => undefined,
    close: () => Promise.resolve(),
  };
}

/** A hashing worker over `ring` (on this thread when no worker can be started). */
export function startRingHasher(ringMemory: SharedArrayBuffer): RingHasher {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { ring: ringMemory },
      resourceLimits: WORKER_LIMITS,
    });
  } catch {
    return inlineRingHasher(Buffer.from(ringMemory));
  }
  let nextTag = 0;
  const acks = new Map<number, () => void>();
  const digests = new Map<number, { resolve: (d: AsideDigest) => void; reject: (err: Error) => void }>();
  const listeners: ((err: Error) => void)[] = [];
  let failure: Error | undefined;
  const fail = (err: Error): void => {
    if (failure) return;
    failure = err;
    acks.clear();
    for (const d of digests.values()) d.reject(err);
    digests.clear();
    for (const l of listeners) l(err);
  };
  worker.on('message', (m: { ack?: number; id?: number; hex?: string; crc?: number }) => {
    if (m.ack !== undefined) {
      const done = acks.get(m.ack);
      acks.delete(m.ack);
      done?.();
    } else if (m.id !== undefined && m.hex !== undefined) {
      digests.get(m.id)?.resolve({ sha256: m.hex, crc32: m.crc });
      digests.delete(m.id);
    }
  });
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => fail(new Error(`the sha256 worker exited with code ${code}`)));
  return {
    hash(id, off, len, crc, done) {
      if (failure) return;
      const tag = nextTag++;
      acks.set(tag, done);
      worker.postMessage({ id, off, len, crc, tag });
    },
    end(id, crc) {
      if (failure) return Promise.reject(failure);
      const digest = new Promise<AsideDigest>((resolve, reject) => digests.set(id, { resolve, reject }));
      digest.catch(() => undefined);
      worker.postMessage({ id, crc });
      return digest;
    },
    failure: () => failure,
    onFailure(listener) {
      listeners.push(listener);
    },
    async close() {
      fail(new Error('the sha256 worker was closed'));
      await worker.terminate();
    },
  };
}

/** createSha256Aside's ring: 8 slots of 1 MiB (the readers' chunk size), 8 MiB of shared memory. */
export const SLOT_BYTES = 1024 * 1024;
export const SLOTS = 8;

/** One stream's hash: fed in order, ended once. */
export interface AsideHash {
  /** Hash `chunk` (copied: the caller may reuse it). A promise: wait before sending more. */
  update(chunk: Buffer): Promise<void> | undefined;
  /** No more bytes: the hex digest (and the CRC-32 when asked), once the worker has seen every byte sent. */
  end(): Promise<AsideDigest>;
}

export interface Sha256Aside {
  /** A new stream; `crc`: the worker also computes its CRC-32 (zip entries checked against their header). */
  begin(opts?: { crc?: boolean }): AsideHash;
  /** Stop the worker; digests not yet delivered reject. */
  close(): Promise<void>;
}

/**
 * A RingHasher with a ring of its own (SLOTS x SLOT_BYTES) for bytes that live elsewhere: each
 * chunk is copied into a free slot (a memcpy, ~10x cheaper than hashing it). Memory is the ring,
 * whatever the data: when every slot waits in the worker, update() returns a promise the caller
 * awaits before reading more.
 */
export function createSha256Aside(): Sha256Aside {
  const ringMemory = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const ring = Buffer.from(ringMemory);
  const hasher = startRingHasher(ringMemory);
  let nextId = 0;
  const free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  let drained: { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } | undefined;
  hasher.onFailure((err) => {
    drained?.reject(err);
    drained = undefined;
  });
  const release = (slot: number): void => {
    free.push(slot);
    if (drained && free.length >= SLOTS / 2) {
      drained.resolve();
      drained = undefined;
    }
  };
  /** Resolves once half the slots are free again (rejects if the worker fails). */
  const waitForSlots = (): Promise<void> => {
    const failure = hasher.failure();
    if (failure) return Promise.reject(failure);
    if (!drained) {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => undefined);
      drained = { promise, resolve, reject };
    }
    return drained.promise;
  };
  return {
    begin(opts: { crc?: boolean } = {}): AsideHash {
      const id = nextId++;
      const crc = opts.crc === true;
      return {
        update(chunk: Buffer): Promise<void> | undefined {
          const failure = hasher.failure();
          if (failure) return Promise.reject(failure);
          for (let off = 0; off < chunk.length; off += SLOT_BYTES) {
            const slot = free.pop();
            if (slot === undefined) {
              // Every slot is in the worker: send the rest once some are back.
              return waitForSlots().then(() => this.update(chunk.subarray(off)));
            }
            const part = chunk.subarray(off, Math.min(chunk.length, off + SLOT_BYTES));
            part.copy(ring, slot * SLOT_BYTES);
            hasher.hash(id, slot * SLOT_BYTES, part.length, crc, () => release(slot));
          }
          return free.length > 0 ? undefined : waitForSlots();
        },
        end: () => hasher.end(id, crc),
      };
    },
    close: () => hasher.close(),
  };
}
