import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { AsideDigest, AsideHash } from '../fs/sha256-aside';

export interface HashStreamOptions {
  /** Fail when the byte count differs from this (the input changed under us). */
  expectedSize?: number;
  /** Also compute CRC-32 (to check zip entries). */
  crc?: boolean;
  /** Builds the error for a size mismatch; default is a plain Error. */
  sizeError?: (expected: number, actual: number) => Error;
  /** false: only count (and check the size), no sha256. Default true. */
  hash?: boolean;
  /** Hash on a worker instead of this thread (see createSha256Aside); read the digest with digestAsync(). */
  aside?: AsideHash;
}

/**
 * Pass-through that hashes (sha256, optionally CRC-32) and counts what flows through it, so a file
 * is hashed in the same read pass that zips or extracts it. Memory stays at one chunk.
 */
export class HashStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private crcValue = 0;
  private hex: string | undefined;
  private asideDigest: Promise<AsideDigest> | undefined;
  bytes = 0;

  constructor(private readonly opts: HashStreamOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    const expected = this.opts.expectedSize;
    if (expected !== undefined && this.bytes > expected) {
      done(this.mismatch(expected));
      return;
    }
    if (this.opts.crc) this.crcValue = crc32(chunk, this.crcValue);
    const aside = this.opts.aside;
    if (aside) {
      const wait = aside.update(chunk);
      if (wait) wait.then(() => done(null, chunk), done);
      else done(null, chunk);
      return;
    }
    if (this.opts.hash !== false) this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const expected = this.opts.expectedSize;
    if (expected !== undefined && this.bytes !== expected) {
      done(this.mismatch(expected));
      return;
    }
    if (this.opts.aside) {
      this.asideDigest = this.opts.aside.end();
      this.asideDigest.catch(() => undefined);
    } else this.hex = this.hash.digest('hex');
    done();
  }

  private mismatch(expected: number): Error {
    const make = this.opts.sizeError ?? ((e: number, a: number) => new Error(`expected ${e} bytes, read ${a}`));
    return make(expected, this.bytes);
  }

  /** sha256 hex; available once the stream has flushed. */
  digest(): string {
    if (this.hex === undefined) throw new Error('HashStream: digest() before the end of the data');
    return this.hex;
  }

  /** sha256 hex, with or without a worker; available once the stream has flushed. */
  digestAsync(): Promise<string> {
    return this.resultAsync().then((r) => r.sha256);
  }

  /** sha256 and CRC-32 (from the worker, or this thread with `crc: true`); once the stream has flushed. */
  resultAsync(): Promise<AsideDigest> {
    if (this.asideDigest) return this.asideDigest;
    return Promise.resolve({ sha256: this.digest(), crc32: this.opts.crc ? this.crc() : undefined });
  }

  /** Unsigned CRC-32 of the data (only with `crc: true`). */
  crc(): number {
    return this.crcValue >>> 0;
  }
}
