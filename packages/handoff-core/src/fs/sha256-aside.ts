import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Worker } from 'node:worker_threads';

/**
 * sha256 of many byte streams on one worker thread, so the thread that reads, checksums (CRC-32)
 * and writes zip entries does not also spend ~0.8 s per GB hashing them. Each chunk is copied once
 * (a memcpy, ~10x cheaper than hashing it) into a free slot of a fixed ring of shared memory
 * (SLOTS x SLOT_BYTES) and the worker is told which; digests come back in the order the streams
 * end. Memory is the ring, whatever the data: when every slot waits in the worker, update()
 * returns a promise the caller awaits before reading more. No garbage per chunk on either side.
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
    const bytes = ring.subarray(m.slot * workerData.slotBytes, m.slot * workerData.slotBytes + m.len);
    s.hash.update(bytes);
    if (s.crc !== undefined) s.crc = crc32(bytes, s.crc);
    parentPort.postMessage({ ack: m.slot });
  } else {
    streams.delete(m.id);
    parentPort.postMessage({ id: m.id, hex: s.hash.digest('hex'), crc: s.crc === undefined ? undefined : s.crc >>> 0 });
  }
});
`;

/** The ring: 8 slots of 1 MiB (the zip writer's read size), 8 MiB of shared memory per worker. */
export const SLOT_BYTES = 1024 * 1024;
export const SLOTS = 8;
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

/** One stream's hash: fed in order, ended once. */
export interface AsideHash {
  /** Hash `chunk` (copied: the caller may reuse it). A promise: wait before sending more. */
  update(chunk: Buffer): Promise<void> | undefined;
  /** No more bytes: the hex digest (and the CRC-32 when asked), once the worker has seen every byte sent. */
  end(): Promise<AsideDigest>;
}

export interface AsideDigest {
  sha256: string;
  /** Unsigned CRC-32 of the bytes, with `begin({ crc: true })`. */
  crc32?: number;
}

export interface Sha256Aside {
  /** A new stream; `crc`: the worker also computes its CRC-32 (zip entries checked against their header). */
  begin(opts?: { crc?: boolean }): AsideHash;
  /** Stop the worker; digests not yet delivered reject. */
  close(): Promise<void>;
}

/** Same interface on this thread: when a worker cannot be started. */
function inlineAside(): Sha256Aside {
  return {
    begin(opts = {}) {
      const hash = createHash('sha256');
      let crc = 0;
      return {
        update: (chunk): undefined => {
          hash.update(chunk);
          if (opts.crc) crc = crc32(chunk, crc);
          return undefined;
        },
        end: () => Promise.resolve({ sha256: hash.digest('hex'), crc32: opts.crc ? crc >>> 0 : undefined }),
      };
    },
    close: () => Promise.resolve(),
  };
}

export function createSha256Aside(): Sha256Aside {
  const ringMemory = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const ring = Buffer.from(ringMemory);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { ring: ringMemory, slotBytes: SLOT_BYTES },
      resourceLimits: WORKER_LIMITS,
    });
  } catch {
    return inlineAside();
  }
  let nextId = 0;
  const free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  let failure: Error | undefined;
  const digests = new Map<number, { resolve: (d: AsideDigest) => void; reject: (err: Error) => void }>();
  let drained: { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } | undefined;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const d of digests.values()) d.reject(failure);
    digests.clear();
    drained?.reject(failure);
    drained = undefined;
  };
  worker.on('message', (m: { ack?: number; id?: number; hex?: string; crc?: number }) => {
    if (m.ack !== undefined) {
      free.push(m.ack);
      if (drained && free.length >= SLOTS / 2) {
        drained.resolve();
        drained = undefined;
      }
    } else if (m.id !== undefined && m.hex !== undefined) {
      digests.get(m.id)?.resolve({ sha256: m.hex, crc32: m.crc });
      digests.delete(m.id);
    }
  });
  /** Resolves once half the slots are free again (rejects if the worker fails). */
  const waitForSlots = (): Promise<void> => {
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
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => fail(new Error(`the sha256 worker exited with code ${code}`)));
  return {
    begin(opts: { crc?: boolean } = {}): AsideHash {
      const id = nextId++;
      const crc = opts.crc === true;
      return {
        update(chunk: Buffer): Promise<void> | undefined {
          if (failure) return Promise.reject(failure);
          for (let off = 0; off < chunk.length; off += SLOT_BYTES) {
            const slot = free.pop();
            if (slot === undefined) {
              // Every slot is in the worker: send the rest once some are back.
              return waitForSlots().then(() => this.update(chunk.subarray(off)));
            }
            const part = chunk.subarray(off, Math.min(chunk.length, off + SLOT_BYTES));
            part.copy(ring, slot * SLOT_BYTES);
            worker.postMessage({ id, slot, len: part.length, crc });
          }
          return free.length > 0 ? undefined : waitForSlots();
        },
        end(): Promise<AsideDigest> {
          if (failure) return Promise.reject(failure);
          const digest = new Promise<AsideDigest>((resolve, reject) => digests.set(id, { resolve, reject }));
          digest.catch(() => undefined);
          worker.postMessage({ id, crc });
          return digest;
        },
      };
    },
    async close(): Promise<void> {
      failure ??= new Error('the sha256 worker was closed');
      await worker.terminate();
    },
  };
}
