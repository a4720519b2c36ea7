import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inflateSync } from 'node:zlib';
import type { ImageFormat, MetadataCategory, StripperOptions } from '../../config/image-categories';
import type { MetadataStripper } from './base-stripper';
import { createMetadataStripper } from './create-stripper';
import { printableText } from './printable-text';

/** Largest inflated zTXt / compressed iTXt text read (a bomb stops here). */
const MAX_INFLATED = 8 * 1024 * 1024;

export interface ImageMetadataText {
  format: ImageFormat;
  /** Text of every metadata segment still in the image, one segment per paragraph. */
  text: string;
  /** Categories the stripper (with the same kept categories) would still remove: empty once stripped. */
  categories: MetadataCategory[];
}

/** The kept categories to analyse with (StripperOptions.keep, or the legacy keepC2pa); default DEFAULT_KEPT_CATEGORIES. */
export type AnalyzeOptions = Pick<StripperOptions, 'keep' | 'keepC2pa'>;

function inflateText(data: Buffer): string {
  return inflateSync(data, { maxOutputLength: MAX_INFLATED }).toString('utf8');
}

/** `keyword: text` of a PNG tEXt, zTXt or iTXt chunk. Throws on a broken chunk. */
export function decodePngText(type: string, payload: Buffer): string {
  const nul = payload.indexOf(0);
  if (nul < 0) throw new Error('no keyword terminator');
  const keyword = payload.toString('latin1', 0, nul);
  if (type === 'tEXt') return `${keyword}: ${payload.toString('latin1', nul + 1)}`;
  if (type === 'zTXt') return `${keyword}: ${inflateText(payload.subarray(nul + 2))}`;
  const compressed = payload[nul + 1] === 1;
  const langEnd = payload.indexOf(0, nul + 3);
  const keyEnd = langEnd < 0 ? -1 : payload.indexOf(0, langEnd + 1);
  if (keyEnd < 0) throw new Error('iTXt header is incomplete');
  const translated = payload.toString('utf8', langEnd + 1, keyEnd);
  const body = payload.subarray(keyEnd + 1);
  return `${keyword}${translated ? ` (${translated})` : ''}: ${compressed ? inflateText(body) : body.toString('utf8')}`;
}

function segmentText(category: MetadataCategory, segment: string, payload: Buffer): string {
  if (category === 'png-text') {
    try {
      return decodePngText(segment, payload);
    } catch {
      // A damaged text chunk may still hold readable text: fall through to the raw runs.
    }
  }
  return printableText(payload).join('\n');
}

/**
 * The text an image's metadata holds (PNG text chunks, Exif ASCII and UTF-16 strings, XMP, IPTC,
 * JPEG comments, C2PA/JUMBF strings, unknown chunks), for the white-label gate to scan for
 * denylisted terms, internal tags and credentials; plus the categories a strip would still
 * remove. Reads the whole input but buffers only metadata segments. Undefined for other types;
 * a malformed image rejects with a HandoffError naming `fileName`.
 */
export async function readImageMetadataText(
  fileName: string,
  input: Buffer | Readable,
  opts: AnalyzeOptions = {},
): Promise<ImageMetadataText | undefined> {
  const analyzer = createAnalyzer(fileName, opts);
  if (!analyzer) {
    if (!Buffer.isBuffer(input)) input.destroy();
    return undefined;
  }
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  await pipeline(source, analyzer.stripper, sink);
  return analyzer.result();
}

/** A stripper in analyze-only mode that collects the metadata text; undefined for other file types. */
function createAnalyzer(
  fileName: string,
  opts: AnalyzeOptions,
): { stripper: MetadataStripper; result(): ImageMetadataText } | undefined {
  const parts: string[] = [];
  const stripper = createMetadataStripper(fileName, {
    keep: opts.keep,
    keepC2pa: opts.keepC2pa,
    analyzeOnly: true,
    onMetadata: (category, payload, segment) => {
      const text = segmentText(category, segment, payload);
      if (text) parts.push(text);
    },
  });
  return (
    stripper && {
      stripper,
      result: () => ({ format: stripper.format, text: parts.join('\n\n'), categories: stripper.report!.removed }),
    }
  );
}

/** readImageMetadataText fed chunk by chunk, synchronously (see createImageMetadataFeed). */
export interface ImageMetadataFeed {
  /** Analyse the next bytes; keeps no reference to `chunk`. A broken image never throws here. */
  feed(chunk: Buffer): void;
  /** End of the image: its metadata text, or throws what readImageMetadataText would have thrown. */
  end(): ImageMetadataText;
}

/**
 * readImageMetadataText without streams, for a caller that holds the bytes a chunk at a time (the
 * cold test's single read of the zip). Undefined for file types the stripper does not handle.
 */
export function createImageMetadataFeed(fileName: string, opts: AnalyzeOptions = {}): ImageMetadataFeed | undefined {
  const analyzer = createAnalyzer(fileName, opts);
  if (!analyzer) return undefined;
  let failure: unknown;
  return {
    feed(chunk) {
      if (failure !== undefined) return;
      try {
        analyzer.stripper.feed(chunk);
      } catch (err) {
        failure = err;
      }
    },
    end() {
      if (failure !== undefined) throw failure;
      analyzer.stripper.feedEnd();
      return analyzer.result();
    },
  };
}

/**
 * readImageMetadataText in the same read pass as something else (the cold test's extraction): a
 * pass-through whose bytes flow on unchanged while they are analysed. `result` settles once the
 * tap has ended: the metadata text, or the error readImageMetadataText would have thrown. A
 * broken image never fails the stream it taps. Undefined for file types the stripper does not handle.
 */
export function createImageMetadataTap(
  fileName: string,
  opts: AnalyzeOptions = {},
): { tap: Transform; result: Promise<ImageMetadataText> } | undefined {
  const analyzer = createAnalyzer(fileName, opts);
  if (!analyzer) return undefined;
  const { stripper } = analyzer;
  let failure: unknown;
  stripper.on('error', (err) => (failure ??= err));
  stripper.resume(); // analyze-only: nothing comes out but the end
  const finished = new Promise<void>((resolve) => stripper.once('finish', resolve).once('error', () => resolve()));
  let settle: (r: Promise<ImageMetadataText>) => void = () => undefined;
  const result = new Promise<ImageMetadataText>((resolve) => (settle = resolve));
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (failure === undefined && !stripper.destroyed) stripper.write(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (failure === undefined && !stripper.destroyed) stripper.end();
      void finished.then(() =>
        settle(failure === undefined ? Promise.resolve(analyzer.result()) : Promise.reject(failure)),
      );
      done();
    },
    destroy(err, done) {
      stripper.destroy();
      done(err);
    },
  });
  result.catch(() => undefined);
  return { tap, result };
}
