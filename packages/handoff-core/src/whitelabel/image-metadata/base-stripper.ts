import { Transform, type TransformCallback } from 'node:stream';
import { HandoffError } from '../../errors';
import { ByteQueue } from './byte-queue';
import { MAX_METADATA_PAYLOAD, sortCategories, type ImageFormat, type ImageStripReport, type MetadataCategory, type StripperOptions } from './categories';

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
  private readonly removedSet = new Set<MetadataCategory>();
  private c2paKept = false;

  constructor(
    readonly fileName: string,
    readonly format: ImageFormat,
    protected readonly opts: StripperOptions,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.queue.push(chunk);
    this.step(done, () => this.parse());
  }

  override _flush(done: TransformCallback): void {
    this.step(done, () => {
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

  private step(done: TransformCallback, work: () => void): void {
    try {
      work();
      this.bufferedHighWater = Math.max(this.bufferedHighWater, this.queue.length + this.heldBytes());
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** Consume as much of `this.queue` as can be decided now. */
  protected abstract parse(): void;
  /** Called at end of input after a last parse: throw when the image is incomplete. */
  protected abstract finish(): void;
  /** Bytes held outside the queue (payload buffers, unplanned WebP output). */
  protected heldBytes(): number {
    return 0;
  }

  protected output(buf: Buffer): void {
    if (!this.opts.analyzeOnly && buf.length > 0) this.push(buf);
  }

  protected markRemoved(category: MetadataCategory): void {
    this.removedSet.add(category);
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
      throw this.malformed(`${what} of ${size} bytes is larger than the ${MAX_METADATA_PAYLOAD}-byte limit for metadata`);
    }
  }
}
