import { createCipheriv, createHash } from 'node:crypto';

/**
 * Deterministic randomness for the synthetic engagement. Decisions (sizes, kinds, tags) come from a
 * small seeded PRNG; media bodies come from an AES-256-CTR keystream keyed by `seed:fileKey`, which is
 * incompressible, reproducible byte for byte and fast (about 1 GB/s per core with AES-NI), so
 * generating a multi-GB engagement costs about what writing it does.
 */

/** sfc32: a 128-bit-state PRNG with good statistical quality; returns floats in [0, 1). */
export function createRandom(seed: string): () => number {
  const h = createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Integer in [min, max] (inclusive). */
export function randomInt(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** Fisher-Yates shuffle in place, deterministic for a given PRNG state. */
export function shuffle<T>(rand: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const ZEROS = Buffer.alloc(1024 * 1024);

/** An endless stream of incompressible bytes for one file, read in chunks of at most 1 MiB. */
export class KeyStream {
  private readonly cipher;

  constructor(seed: string, fileKey: string) {
    const key = createHash('sha256').update(`${seed}:${fileKey}`).digest();
    this.cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  }

  /** The next `n` bytes (n <= 1 MiB). */
  next(n: number): Buffer {
    if (n > ZEROS.length) throw new Error(`KeyStream.next: at most ${ZEROS.length} bytes at a time`);
    return this.cipher.update(ZEROS.subarray(0, n));
  }
}
