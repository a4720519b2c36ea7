import { createReadStream, promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';

/** Read size for hashing a whole file: fewer, larger reads than the 64 KiB default. */
export const HASH_READ_CHUNK = 1024 * 1024;

/** sha256 (hex) of a file, read in HASH_READ_CHUNK pieces, on this thread. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: HASH_READ_CHUNK }), hash);
  return hash.digest('hex');
}

/**
 * The worker's code: plain JavaScript (no TypeScript loader in a worker). It reads synchronously
 * into one reused buffer (no garbage per chunk: a bare isolate plus HASH_READ_CHUNK) and follows a
 * file that may still be being written, like `tail -f`: at the end of what is there it naps 4 ms
 * and reads again, until the writer publishes the final size in the shared state. A read never
 * returns bytes past the file's size, and the kernel extends the size only once the written bytes
 * are in the page cache, so every byte hashed is one the writer wrote. State: [0] final size (-1
 * while writing, -2 aborted). It posts the hex digest, or throws (the Worker's 'error' event).
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

/** Heap limits of the worker (MiB): it allocates almost nothing; keeps its share of RSS small. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 };

/** A hashing worker on `file`: its digest, and the shared final size it waits for. */
function startWorker(file: string, finalSize = -1): { digest: Promise<string>; state: BigInt64Array; worker?: Worker } {
  const shared = new SharedArrayBuffer(8);
  const state = new BigInt64Array(shared);
  state[0] = BigInt(finalSize);
  let worker: Worker | undefined;
  const digest = new Promise<string>((resolve, reject) => {
    let hex: string | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { file, state: shared, chunk: HASH_READ_CHUNK },
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
  return { digest, state, worker };
}

/**
 * sha256File of a finished file on a worker thread. The cold test hashes the whole zip while it
 * reads every entry: the zip's pass runs beside it, on the other core when there is one. Same bytes
 * read, same digest. The worker is a few MiB of memory (a bare isolate, no modules of ours).
 */
export async function sha256FileInWorker(file: string): Promise<string> {
  const { size } = await fs.stat(file);
  return startWorker(file, size).digest;
}

/**
 * The zip's sha256 beside the main thread (sha256FileInWorker), or on it (sha256File) when the
 * worker cannot give one: a worker that cannot start or runs out of its small heap must not fail
 * a cold test. A file that cannot be read fails both ways, with sha256File's error.
 */
export function sha256FileAside(file: string): Promise<string> {
  return sha256FileInWorker(file).catch(() => sha256File(file));
}
