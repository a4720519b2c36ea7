import type archiver from 'archiver';
import type { Transform, TransformCallback } from 'node:stream';
import { crc32, DeflateRaw } from 'node:zlib';

/**
 * archiver 7's zip engine (zip-stream 6 / compress-commons 6) checksums every entry through
 * crc32-stream, which uses the pure-JS `crc-32` package: ~1 s of main-thread CPU per 1.3 GB here,
 * against ~0.2 s for Node's native `zlib.crc32` (Node >= 20.15). CRC-32 is one function, so
 * swapping the implementation cannot change a byte of the zip; the spec checks that against
 * stock archiver output.
 *
 * How: compress-commons creates one checksum stream per streamed or deflated entry in
 * `ZipArchiveOutputStream#_smartStream(entry, callback)` (a `CRC32Stream`, or a
 * `DeflateCRC32Stream` for deflated entries) and pipes the source into it after that call returns.
 * We wrap `_smartStream` on this archive's engine only (no global patch) and, before any data
 * reaches the new stream, replace its `_transform` with one that does the same bookkeeping
 * (`checksum` and `rawSize`, read back by its `digest()` and `size()`) with the native CRC.
 * STOREd buffer entries (`_appendBuffer`: generated files such as checksums.sha256) are still
 * checksummed by `crc-32` in one call: they are small.
 *
 * These are internals of pinned major versions. When their shape is not the expected one (an
 * archiver upgrade), nothing is patched and archiver's own CRC is used: slower, same bytes.
 */

/** The fields of crc32-stream 6's CRC32Stream / DeflateCRC32Stream that we touch. */
interface ChecksumStream extends Transform {
  /** Running CRC; crc32-stream starts it as a 4-byte zero Buffer, which `crc-32` reads as seed 0. */
  checksum: number | Buffer;
  rawSize: number;
  digest(): Buffer;
  size(compressed?: boolean): number;
}

interface ZipEngine {
  _smartStream(entry: unknown, callback: unknown): ChecksumStream;
}

function isChecksumStream(s: unknown): s is ChecksumStream {
  const c = s as Partial<ChecksumStream> | undefined;
  return (
    !!c &&
    typeof c._transform === 'function' &&
    typeof c.rawSize === 'number' &&
    'checksum' in c &&
    typeof c.digest === 'function'
  );
}

/** The zip engine behind an archiver('zip') instance (archiver's private `_module.engine`), if it looks as expected. */
function zipEngine(archive: archiver.Archiver): ZipEngine | undefined {
  const engine = (archive as unknown as { _module?: { engine?: Partial<ZipEngine> } })._module?.engine;
  return engine && typeof engine._smartStream === 'function' ? (engine as ZipEngine) : undefined;
}

/**
 * Give one crc32-stream instance a native CRC: its `_transform` (the class's own: checksum, then
 * pass the chunk on, or for a DeflateCRC32Stream hand it to zlib's DeflateRaw transform) is
 * replaced by the same steps with `zlib.crc32`. Call it before any data is written to the stream.
 */
export function useNativeCrc(stream: ChecksumStream): void {
  const deflate = stream instanceof DeflateRaw;
  stream._transform = function nativeCrcTransform(
    this: ChecksumStream,
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    if (chunk) {
      // crc32-stream's initial checksum is a zero Buffer (seed 0 for crc-32); afterwards a number.
      this.checksum = crc32(chunk, typeof this.checksum === 'number' ? this.checksum : 0);
      this.rawSize += chunk.length;
    }
    if (deflate) DeflateRaw.prototype._transform.call(this, chunk, encoding, callback);
    else callback(null, chunk);
  };
}

/**
 * Make this archive's zip engine checksum streamed entries with the native CRC-32. Returns whether
 * it could (false: unknown archiver internals, left as they are).
 */
export function useNativeCrcFor(archive: archiver.Archiver): boolean {
  const engine = zipEngine(archive);
  // zlib.crc32 is Node >= 20.15 / 22.2; without it archiver keeps its own CRC.
  if (!engine || typeof crc32 !== 'function') return false;
  const original = engine._smartStream;
  engine._smartStream = function smartStreamWithNativeCrc(
    this: ZipEngine,
    entry: unknown,
    callback: unknown,
  ): ChecksumStream {
    const stream = original.call(this, entry, callback);
    if (isChecksumStream(stream)) useNativeCrc(stream);
    return stream;
  };
  return true;
}
