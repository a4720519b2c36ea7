import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code: plain JavaScript (no TypeScript loader in a worker). It follows a file that
 * is being written, like `tail -f`: reads what is there into one reused buffer, hashes it, and
 * when it reaches the end waits a few milliseconds and reads again, until the writer publishes the
 * final size in the shared state. A read never returns bytes past the file's size, and the kernel
 * extends the size only once the written bytes are in the page cache, so every byte hashed is one
 * the writer wrote. State: [0] final size (-1 while writing, -2 aborted).
 */
const WORKER_SOURCE = `
const { closeSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const state = new BigInt64Array(workerData.state);
const nap = new Int32Array(new SharedArrayBuffer(4));
const hash = createHash('sha256');
const buf = Buffer.allocUnsafe(workerData.chunk);
const fd = openSync(workerData.file, 'r');
let pos = 0;
try {
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n > 0) {
      hash.update(buf.subarray(0, n));
      pos += n;
      continue;
    }
    const final = Number(Atomics.load(state, 0));
    if (final === -2) throw new Error('aborted');
    if (final >= 0) {
      if (pos !== final) throw new Error('the file has ' + pos + ' bytes, the writer wrote ' + final);
      break;
    }
    Atomics.wait(nap, 0, 0, 4);
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage(hash.digest('hex'));
`;

const READ_CHUNK = 1024 * 1024;
/** Heap limits of the worker (MiB): it allocates almost nothing. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 };

export interface TailHash {
  /** The writer has written (and flushed to the file) exactly `size` bytes: the file's sha256. */
  finish(size: number): Promise<string>;
  /** The write failed: stop following the file. */
  abort(): void;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: READ_CHUNK }), hash);
  return hash.digest('hex');
}

/**
 * The sha256 of a file being written, computed on a worker thread that follows the writes: the
 * package stage's second hashing pass (the zip's own digest, beside every entry's) runs on the
 * other core instead of the one that reads, checksums and writes. Same bytes, same digest as
 * hashing the finished file. `file` must exist (opened for writing) before this is called. When
 * the worker cannot start or fails, finish() hashes the finished file on this thread instead.
 */
export function sha256FollowingWrites(file: string): TailHash {
  const shared = new SharedArrayBuffer(8);
  const state = new BigInt64Array(shared);
  state[0] = -1n;
  let worker: Worker | undefined;
  const digest = new Promise<string>((resolve, reject) => {
    let hex: string | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { file, state: shared, chunk: READ_CHUNK },
        resourceLimits: WORKER_LIMITS,
      });
    } catch (err) {
      reject(err);
      return;
    }
    worker.once('message', (h: string) => {
      hex = h;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (hex !== undefined) resolve(hex);
      else reject(new Error(`the sha256 worker for ${file} exited with code ${code} before a digest`));
    });
  });
  digest.catch(() => undefined);
  return {
    finish(size: number): Promise<string> {
      Atomics.store(state, 0, BigInt(size));
      return digest.catch(() => sha256OfFile(file));
    },
    abort(): void {
      Atomics.store(state, 0, -2n);
      void worker?.terminate();
    },
  };
}
