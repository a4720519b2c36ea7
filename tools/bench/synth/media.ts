import { closeSync, openSync, writeSync } from 'node:fs';
import { KeyStream } from './prng';
import { encodePngChunk } from '../../../packages/handoff-core/src/whitelabel/image-metadata/png-stripper';

/**
 * Writers for synthetic media: valid containers (the product's metadata strippers parse them)
 * around incompressible bodies. Each writes exactly the requested number of bytes (WebP rounds
 * down to an even size) and returns what it wrote; memory stays at one 1 MiB chunk.
 */

export type MediaKind = 'png' | 'jpeg' | 'webp' | 'mp4' | 'text';

export interface Sink {
  write(buf: Buffer): void;
}

const MiB = 1024 * 1024;

/** `n` keystream bytes into the sink, 1 MiB at a time; `fix` may edit each chunk in place. */
function body(out: Sink, ks: KeyStream, n: number, fix?: (chunk: Buffer) => void): void {
  for (let left = n; left > 0;) {
    const chunk = ks.next(Math.min(MiB, left));
    fix?.(chunk);
    out.write(chunk);
    left -= chunk.length;
  }
}

/** The product's own PNG chunk encoder: the synthetic files are what its strippers parse. */
export const pngChunk = encodePngChunk;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** libpng and most encoders split the image data into IDAT chunks of 8-64 KiB. */
const IDAT_MAX = 64 * 1024;

/** PNG: signature, IHDR, an optional tEXt (generation parameters, as gen-ai tools embed), IDATs, IEND. */
export function writePng(out: Sink, size: number, ks: KeyStream, text?: string): number {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2048, 0);
  ihdr.writeUInt32BE(Math.max(1, Math.round(size / 6144)), 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const head = [PNG_SIGNATURE, pngChunk('IHDR', ihdr)];
  if (text) head.push(pngChunk('tEXt', Buffer.from(`parameters\0${text}`, 'latin1')));
  const iend = pngChunk('IEND', Buffer.alloc(0));
  const fixed = head.reduce((n, b) => n + b.length, 0) + iend.length;
  const avail = size - fixed;
  const chunks = Math.max(1, Math.ceil(avail / (IDAT_MAX + 12)));
  let data = avail - 12 * chunks;
  if (data < chunks) throw new Error(`writePng: ${size} bytes is too small`);
  for (const b of head) out.write(b);
  for (let i = 0; i < chunks; i++) {
    const n = Math.min(IDAT_MAX, data - (chunks - i - 1)); // leave at least one byte per later chunk
    out.write(pngChunk('IDAT', ks.next(n)));
    data -= n;
  }
  out.write(iend);
  return size;
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

function jpegHeaders(xmp?: string): Buffer[] {
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([8, 0x06, 0x00, 0x08, 0x00, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const dht = Buffer.concat([Buffer.from([0x00, 0, 1]), Buffer.alloc(14), Buffer.from([0])]);
  const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
  const parts = [Buffer.from([0xff, 0xd8]), segment(0xe0, jfif)];
  if (xmp) parts.push(segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${xmp}`, 'latin1')));
  parts.push(
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, sof),
    segment(0xc4, dht),
    segment(0xda, sos),
  );
  return parts;
}

/** Byte stuffing as an encoder does: every 0xFF in entropy-coded data is followed by 0x00. */
function stuff(chunk: Buffer): void {
  for (let i = chunk.indexOf(0xff); i >= 0; i = chunk.indexOf(0xff, i + 2)) {
    if (i === chunk.length - 1) chunk[i] = 0xfe;
    else chunk[i + 1] = 0x00;
  }
}

/** JPEG: SOI, JFIF APP0, optional XMP APP1, DQT, SOF0, DHT, SOS, stuffed entropy data, EOI. */
export function writeJpeg(out: Sink, size: number, ks: KeyStream, xmp?: string): number {
  const head = jpegHeaders(xmp);
  const fixed = head.reduce((n, b) => n + b.length, 0) + 2;
  if (size <= fixed) throw new Error(`writeJpeg: ${size} bytes is too small`);
  for (const b of head) out.write(b);
  body(out, ks, size - fixed, stuff);
  out.write(Buffer.from([0xff, 0xd9]));
  return size;
}

/** WebP (lossy): RIFF header and one VP8 chunk whose frame header names a 2048-pixel-wide image. */
export function writeWebp(out: Sink, size: number, ks: KeyStream): number {
  const payload = (size - 20) & ~1;
  if (payload < 10) throw new Error(`writeWebp: ${size} bytes is too small`);
  const head = Buffer.alloc(30);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(payload + 12, 4);
  head.write('WEBPVP8 ', 8, 'latin1');
  head.writeUInt32LE(payload, 16);
  head.set([0x50, 0x2a, 0x00, 0x9d, 0x01, 0x2a], 20); // frame tag (key frame), start code
  head.writeUInt16LE(2048, 26);
  head.writeUInt16LE(1152, 28);
  out.write(head);
  body(out, ks, payload - 10);
  return payload + 20;
}

/** MP4: ftyp, mdat (64-bit size past 4 GiB) holding the incompressible body, a small trailing moov. */
export function writeMp4(out: Sink, size: number, ks: KeyStream): number {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'latin1');
  const moovSize = 256;
  const mdatLen = size - 32 - moovSize;
  const large = mdatLen > 0xffffffff;
  const mdatHead = Buffer.alloc(large ? 16 : 8);
  mdatHead.writeUInt32BE(large ? 1 : mdatLen, 0);
  mdatHead.write('mdat', 4, 'latin1');
  if (large) mdatHead.writeBigUInt64BE(BigInt(mdatLen), 8);
  out.write(ftyp);
  out.write(mdatHead);
  body(out, ks, mdatLen - mdatHead.length);
  const moov = Buffer.concat([Buffer.alloc(8), ks.next(moovSize - 8)]);
  moov.writeUInt32BE(moovSize, 0);
  moov.write('moov', 4, 'latin1');
  out.write(moov);
  return size;
}

/** Write one file with the given writer; returns the bytes written. */
export function writeFileWith(file: string, write: (out: Sink) => number): number {
  const fd = openSync(file, 'w');
  try {
    return write({
      write: (buf) => {
        for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off);
      },
    });
  } finally {
    closeSync(fd);
  }
}
