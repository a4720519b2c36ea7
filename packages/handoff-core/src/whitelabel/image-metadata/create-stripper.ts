import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MetadataStripper } from './base-stripper';
import type { ImageFormat, ImageStripReport, StripperOptions } from '../../config/image-categories';
import { JpegMetadataStripper } from './jpeg-stripper';
import { PngMetadataStripper } from './png-stripper';
import { planWebpStrip } from './webp-chunks';
import { WebpMetadataStripper } from './webp-stripper';

const EXTENSIONS: Record<string, ImageFormat> = {
  png: 'png',
  apng: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  webp: 'webp',
};

/** The format the stripper handles for a file name (by extension, case-insensitive), if any. */
export function imageFormatOf(fileName: string): ImageFormat | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? EXTENSIONS[base.slice(dot + 1).toLowerCase()] : undefined;
}

/**
 * A Transform that removes metadata from a PNG, JPEG or WebP without touching pixel data, or
 * undefined for any other file. `fileName` names the file in errors and the report. The removed
 * categories are on `stripper.report` once the stream ends (and passed to `opts.onReport`).
 * A file that does not parse as its extension says fails the stream with a HandoffError.
 * WebP: pass `opts.webpPlan` (or use createFileMetadataStripper) to stream in bounded memory.
 */
export function createMetadataStripper(fileName: string, opts: StripperOptions): MetadataStripper | undefined {
  switch (imageFormatOf(fileName)) {
    case 'png':
      return new PngMetadataStripper(fileName, opts);
    case 'jpeg':
      return new JpegMetadataStripper(fileName, opts);
    case 'webp':
      return new WebpMetadataStripper(fileName, opts);
    default:
      return undefined;
  }
}

/**
 * createMetadataStripper for a file on disk: for a WebP it first reads the chunk headers
 * (planWebpStrip), so every format streams in bounded memory. `abs` is only read for that plan;
 * the caller still pipes the file's bytes through the returned stripper.
 */
export async function createFileMetadataStripper(
  abs: string,
  fileName: string,
  opts: StripperOptions,
): Promise<MetadataStripper | undefined> {
  if (imageFormatOf(fileName) === 'webp' && !opts.webpPlan) {
    return createMetadataStripper(fileName, { ...opts, webpPlan: await planWebpStrip(abs, fileName, opts) });
  }
  return createMetadataStripper(fileName, opts);
}

/** Strip an image held in memory; undefined for file types the stripper does not handle. */
export async function stripImageBytes(
  fileName: string,
  bytes: Buffer,
  opts: StripperOptions,
): Promise<{ bytes: Buffer; report: ImageStripReport } | undefined> {
  const stripper = createMetadataStripper(fileName, opts);
  if (!stripper) return undefined;
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      done();
    },
  });
  await pipeline(Readable.from([bytes]), stripper, sink);
  return { bytes: Buffer.concat(parts), report: stripper.report! };
}
