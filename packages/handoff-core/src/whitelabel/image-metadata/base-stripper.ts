import { Transform, type TransformCallback } from 'node:stream';
import { HandoffError } from '../../errors';
import { ByteQueue } from './byte-queue';
import {
  MAX_METADATA_PAYLOAD,
  keptCategories,
  sortCategories,
  type ImageFormat,
  type ImageStripReport,
  type MetadataCategory,
  type StripperOptions,
} from '../../config/image-categories';
import { reduceExif } from './exif-orientation';
import { buildDisclosureXmp, reduceXmpPacket } from './xmp-packet';

const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

/** The error for an image the stripper cannot parse: it names the file and never emits a guess. */
export function malformedImageError(fileName: string, format: ImageFormat, why: string): HandoffError {
  return new HandoffError({
    code: 'INTEGRITY',
    file: fileName,
    message: `not a valid ${FORMAT_NAMES[format]} file, metadata not stripped: ${why}`,
    hint: `the file is damaged or is not a ${FORMAT_NAMES[format]} despite its extension; re-export it from its source (or exclude it)`,
  });
}

/** Runs of pushed output with more pieces than this are joined into one buffer (a copy). */
const MAX_OUTPUT_RUNS = 4;

/**
 * Output pieces collected during one parse step, handed out as few buffers, same bytes in the same
 * order. A piece that starts where the previous one ends in the same memory (consecutive slices
 * of one input chunk: the common case, since kept bytes are passed through as zero-copy slices)
 * extends that run without copying; runs are joined (one copy) only when there are more than
 * MAX_OUTPUT_RUNS of them. Holds at most what one step emits, as before.
 */
export class OutputRuns {
  private runs: Buffer[] = [];
  private bytes = 0;

  add(buf: Buffer): void {
    if (buf.length === 0) return;
    const n = this.runs.length;
    const last = n > 0 ? this.runs[n - 1] : undefined;
    if (last && last.buffer === buf.buffer && last.byteOffset + last.length === buf.byteOffset) {
      this.runs[n - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + buf.length);
    } else {
      this.runs.push(buf);
    }
    this.bytes += buf.length;
  }

  /** The collected bytes as at most MAX_OUTPUT_RUNS buffers (none when empty); resets. */
  take(): Buffer[] {
    const runs = this.runs.length > MAX_OUTPUT_RUNS ? [Buffer.concat(this.runs, this.bytes)] : this.runs;
    this.runs = [];
    this.bytes = 0;
    return runs;
  }
}

/**
 * A streaming metadata stripper: a Transform that parses the container as bytes arrive, passes
 * pixel data straight through and buffers only the header or metadata segment being parsed.
 * Subclasses implement `parse` (consume what the queue holds) and `finish` (end-of-input checks).
 * `report` is set when the stream ends successfully; any parse error fails the stream.
 */
export abstract class MetadataStripper extends Transform {
  report: ImageStripReport | undefined;
  /** Most bytes held by the stripper between writes (diagnostics; bounded for PNG and JPEG). */
  bufferedHighWater = 0;
  protected readonly queue = new ByteQueue();
  /** The categories kept (StripperOptions.keep); every other one is removed. */
  protected readonly kept: ReadonlySet<MetadataCategory>;
  /** An XMP packet was written (kept, reduced or the disclosure). */
  protected xmpWritten = false;
  private readonly removedSet = new Set<MetadataCategory>();
  private c2paKept = false;
  /** Output of the current `_transform`/`_flush` call, pushed when the call ends (see `output`). */
  private readonly pending = new OutputRuns();

  constructor(
    readonly fileName: string,
    readonly format: ImageFormat,
    protected readonly opts: StripperOptions,
  ) {
    super();
    this.kept = keptCategories(opts);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.step(done, () => this.feed(chunk));
  }

  override _flush(done: TransformCallback): void {
    this.step(done, () => this.feedEnd());
  }

  /**
   * The stripper without the stream: the output for `chunk`, as a few buffers (often slices of
   * `chunk`: use them before reusing `chunk`'s memory). The stripper keeps no reference to `chunk`
   * once this returns (unread bytes and buffered metadata are copied), so a caller may read the
   * next bytes into the same buffer. Throws the parse error. The Transform methods are this plus push.
   */
  feed(chunk: Buffer): Buffer[] {
    this.queue.push(chunk);
    const out = this.collect(() => this.parse());
    this.queue.detach();
    return out;
  }

  /** End of input: the last output; `report` is set. Throws when the image is incomplete. */
  feedEnd(): Buffer[] {
    return this.collect(() => {
      this.parse();
      this.finish();
      const removed = sortCategories(this.removedSet);
      const report: ImageStripReport = {
        fileName: this.fileName,
        format: this.format,
        removed,
        c2paKept: this.c2paKept,
        c2paInvalidated: this.c2paKept && removed.length > 0,
      };
      this.report = report;
      this.opts.onReport?.(report);
    });
  }

  private collect(work: () => void): Buffer[] {
    try {
      work();
    } catch (err) {
      this.pending.take();
      throw err;
    }
    this.bufferedHighWater = Math.max(this.bufferedHighWater, this.queue.length + this.heldBytes());
    return this.pending.take();
  }

  private step(done: TransformCallback, work: () => Buffer[]): void {
    let out: Buffer[];
    try {
      out = work();
    } catch (err) {
      done(err as Error);
      return;
    }
    for (const buf of out) this.push(buf);
    done();
  }

  /** Consume as much of `this.queue` as can be decided now. */
  protected abstract parse(): void;
  /** Called at end of input after a last parse: throw when the image is incomplete. */
  protected abstract finish(): void;
  /** Bytes held outside the queue (payload buffers, unplanned WebP output). */
  protected heldBytes(): number {
    return 0;
  }

  /**
   * Emit bytes. Parsers emit many small pieces (an 8-byte PNG chunk head, a 64 KiB IDAT slice, a
   * 4-byte CRC; a JPEG's entropy data between two 0xFF00 stuffings, every ~256 bytes): pushed one
   * by one, each crossed every stream stage downstream (hash, zip, CRC, file write). They are
   * collected during one `_transform` call and pushed at its end as a few buffers (see OutputRuns).
   */
  protected output(buf: Buffer): void {
    if (!this.opts.analyzeOnly) this.pending.add(buf);
  }

  protected markRemoved(category: MetadataCategory): void {
    this.removedSet.add(category);
  }

  /**
   * What an XMP packet becomes: kept whole (`xmp` kept), reduced to the kept properties (with the
   * disclosure merged in), or undefined to drop it. Marks `xmp` removed when anything went.
   */
  protected rewriteXmp(packet: Buffer): Buffer | undefined {
    const out = this.kept.has('xmp') ? packet : reduceXmpPacket(packet, this.kept, this.opts.embedDigitalSourceType);
    if (!out || !out.equals(packet)) this.markRemoved('xmp');
    if (out) this.xmpWritten = true;
    return out;
  }

  /** The disclosure packet to add to an image that has no XMP by the time it must be written. */
  protected disclosureXmp(): Buffer | undefined {
    const dst = this.opts.embedDigitalSourceType;
    if (!dst || this.xmpWritten) return undefined;
    this.xmpWritten = true;
    return buildDisclosureXmp(dst);
  }

  /** A TIFF block (Exif) reduced to the kept tags, or undefined to drop it; `exif` marked when anything went. */
  protected rewriteExif(tiff: Buffer, what: string): Buffer | undefined {
    if (this.kept.has('exif')) return tiff;
    let reduced: Buffer | undefined;
    try {
      reduced = reduceExif(tiff, this.kept);
    } catch (err) {
      throw this.malformed(`${what}: ${(err as Error).message}`);
    }
    if (!reduced || !reduced.equals(tiff)) this.markRemoved('exif');
    return reduced;
  }

  protected markC2paKept(): void {
    this.c2paKept = true;
  }

  protected get wantsPayloads(): boolean {
    return this.opts.onMetadata !== undefined;
  }

  protected reportPayload(category: MetadataCategory, payload: Buffer, segment: string): void {
    this.opts.onMetadata?.(category, payload, segment);
  }

  protected malformed(why: string): HandoffError {
    return malformedImageError(this.fileName, this.format, why);
  }

  /** Throws when a payload to buffer is larger than MAX_METADATA_PAYLOAD. */
  protected checkPayloadSize(size: number, what: string): void {
    if (size > MAX_METADATA_PAYLOAD) {
      throw this.malformed(
        `${what} of ${size} bytes is larger than the ${MAX_METADATA_PAYLOAD}-byte limit for metadata`,
      );
    }
  }
}
