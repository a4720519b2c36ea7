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
 * into one reused buffer (no garbage per chunk: a bare isolate plus HASH_READ_CHUNK) to the end of
 * the file, which must then have the size the caller stat'ed. It posts the hex digest, or throws
 * (the Worker's 'error' event).
 */
const WORKER_SOURCE = `
const { closeSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const hash = createHash('sha256');
const buf = Buffer.allocUnsafe(workerData.chunk);
const fd = openSync(workerData.file, 'r');
let pos = 0;
try {
  for (let n; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) hash.update(buf.subarray(0, n));
} finally {
  closeSync(fd);
}
if (pos !== workerData.size) throw new Error('the file has ' + pos + ' bytes, not ' + workerData.size);
parentPort.postMessage(hash.digest('hex'));
`;

/** Heap limits of the worker (MiB): it allocates almost nothing; keeps its share of RSS small. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 };

/** The sha256 of `file` (`size` bytes) from a hashing worker. */
function hashInWorker(file: string, size: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let hex: string | undefined;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { file, size, chunk: HASH_READ_CHUNK },
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
}

/**
 * sha256File of a finished file on a worker thread. The cold test hashes the whole zip while it
 * reads every entry: the zip's pass runs beside it, on the other core when there is one. Same bytes
 * read, same digest. The worker is a few MiB of memory (a bare isolate, no modules of ours).
 */
export async function sha256FileInWorker(file: string): Promise<string> {
  const { size } = await fs.stat(file);
  return hashInWorker(file, size);
}

/**
 * The zip's sha256 beside the main thread (sha256FileInWorker), or on it (sha256File) when the
 * worker cannot give one: a worker that cannot start or runs out of its small heap must not fail
 * a cold test. A file that cannot be read fails both ways, with sha256File's error.
 */
export function sha256FileAside(file: string): Promise<string> {
  return sha256FileInWorker(file).catch(() => sha256File(file));
}
