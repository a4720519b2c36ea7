import { crc32 } from 'node:zlib';
import { MetadataStripper } from './base-stripper';
import { MAX_METADATA_PAYLOAD, type MetadataCategory, type StripperOptions } from '../../config/image-categories';
import { decodeItxtXmp, encodeItxtXmp } from './png-xmp';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Chunks that carry pixels, colour or animation: always kept, byte for byte. */
const KEPT_CHUNKS = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'pHYs',
  'sBIT',
  'bKGD',
  'hIST',
  'cICP',
  'mDCv',
  'cLLi',
  'acTL',
  'fcTL',
  'fdAT',
]);

/** `iTXt` may be XMP (`XML:com.adobe.xmp`), told apart by its keyword once the chunk is read. */
export type PngChunkAction = 'keep' | 'drop' | 'reduce-exif' | 'itxt';

const CATEGORY_OF: Record<string, MetadataCategory> = {
  tEXt: 'png-text',
  zTXt: 'png-text',
  iTXt: 'png-text',
  eXIf: 'exif',
  tIME: 'timestamp',
  caBX: 'c2pa',
  iCCP: 'icc-profile',
};

/**
 * What happens to a chunk type under the kept categories, and its category when it is metadata.
 * An iTXt of more than MAX_METADATA_PAYLOAD bytes is taken for plain text (not buffered to be read).
 */
export function classifyPngChunk(
  type: string,
  kept: ReadonlySet<MetadataCategory>,
  length = 0,
): { action: PngChunkAction; category?: MetadataCategory } {
  if (KEPT_CHUNKS.has(type)) return { action: 'keep' };
  // An unknown critical chunk (upper-case first letter) is needed to decode: keep it.
  const category = CATEGORY_OF[type] ?? (type.charCodeAt(0) < 0x61 ? undefined : 'other-metadata');
  if (!category) return { action: 'keep' };
  if (type === 'iTXt' && length <= MAX_METADATA_PAYLOAD) return { action: 'itxt', category };
  if (kept.has(category)) return { action: 'keep', category };
  return { action: type === 'eXIf' ? 'reduce-exif' : 'drop', category };
}

/** A whole chunk: length, type, data, CRC. */
export function encodePngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

interface OpenChunk {
  type: string;
  remaining: number;
  crc: number;
  /**
   * Whether the chunk's CRC is computed and checked. Always, except for image data (IDAT) when
   * only analysing (the cold test's metadata tap): there the zip entry's CRC-32 and sha256 already
   * vouch for every byte, and the package stage checked these CRCs when it stripped the file.
   */
  checkCrc: boolean;
  action: PngChunkAction;
  category?: MetadataCategory;
  /** Buffered data, when the chunk is reduced or its payload is reported. */
  parts?: Buffer[];
}

type State = 'signature' | 'head' | 'data' | 'crc' | 'trailer';

/**
 * PNG: drops the chunks of removed categories (text, time, private...), reduces Exif to the kept
 * tags and an XMP iTXt to the kept properties, and writes the disclosure XMP before IEND when asked.
 */
export class PngMetadataStripper extends MetadataStripper {
  private state: State = 'signature';
  private chunk: OpenChunk | undefined;
  private held = 0;
  private seenIhdr = false;

  constructor(fileName: string, opts: StripperOptions) {
    super(fileName, 'png', opts);
  }

  protected override heldBytes(): number {
    return this.held;
  }

  protected parse(): void {
    while (this.advance());
  }

  protected finish(): void {
    if (this.state === 'trailer') return;
    const where = this.chunk ? `inside the ${this.chunk.type} chunk` : 'before the IEND chunk';
    throw this.malformed(
      this.state === 'signature' ? 'the file is too short for a PNG signature' : `the file ends ${where}`,
    );
  }

  /** One parsing step; false when more input is needed. */
  private advance(): boolean {
    const q = this.queue;
    switch (this.state) {
      case 'signature':
        if (q.length < 8) return false;
        if (!q.take(8).equals(PNG_SIGNATURE)) throw this.malformed('missing PNG signature');
        this.output(PNG_SIGNATURE);
        this.state = 'head';
        return true;
      case 'head':
        if (q.length < 8) return false;
        this.openChunk(q.take(8));
        return true;
      case 'data':
        return this.readData();
      case 'crc':
        if (q.length < 4) return false;
        this.closeChunk(q.take(4));
        return true;
      case 'trailer':
        if (q.length > 0) this.markRemoved('trailing-data');
        q.skip(q.length);
        return false;
    }
  }

  private openChunk(head: Buffer): void {
    const length = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw this.malformed(`bad chunk type ${JSON.stringify(type)}`);
    if (length > 0x7fffffff) throw this.malformed(`chunk ${type} declares ${length} bytes`);
    if (!this.seenIhdr && type !== 'IHDR') throw this.malformed(`the first chunk is ${type}, not IHDR`);
    this.seenIhdr = true;
    const { action, category } = classifyPngChunk(type, this.kept, length);
    const buffered = action === 'reduce-exif' || action === 'itxt' || (this.wantsPayloads && category !== undefined);
    if (buffered) this.checkPayloadSize(length, `the ${type} chunk`);
    if (type === 'IEND') this.writeDisclosure();
    this.chunk = {
      type,
      remaining: length,
      crc: crc32(head.subarray(4)),
      checkCrc: !(this.opts.analyzeOnly && type === 'IDAT'),
      action,
      category,
      parts: buffered ? [] : undefined,
    };
    if (action === 'keep') this.output(head);
    this.state = 'data';
  }

  private readData(): boolean {
    const c = this.chunk!;
    if (c.remaining === 0) {
      this.state = 'crc';
      return true;
    }
    const piece = this.queue.takeSome(c.remaining);
    if (piece.length === 0) return false;
    c.remaining -= piece.length;
    if (c.checkCrc) c.crc = crc32(piece, c.crc);
    if (c.action === 'keep') this.output(piece);
    if (c.parts) {
      c.parts.push(Buffer.from(piece)); // a copy: the caller may reuse the chunk it fed (see feed)
      this.held += piece.length;
    }
    return true;
  }

  private closeChunk(crcBytes: Buffer): void {
    const c = this.chunk!;
    if (c.checkCrc && crcBytes.readUInt32BE(0) !== c.crc >>> 0)
      throw this.malformed(`the ${c.type} chunk fails its CRC check`);
    const payload = c.parts ? Buffer.concat(c.parts) : undefined;
    let category = c.category;
    if (c.action === 'keep') {
      this.output(crcBytes);
      if (c.category === 'c2pa') this.markC2paKept();
    } else if (c.action === 'drop') {
      this.markRemoved(c.category!);
    } else if (c.action === 'reduce-exif') {
      const reduced = this.rewriteExif(payload!, 'eXIf chunk');
      if (reduced) this.output(encodePngChunk('eXIf', reduced));
    } else {
      category = this.rewriteItxt(payload!);
    }
    if (payload && category) this.reportPayload(category, payload, c.type);
    this.held = 0;
    this.chunk = undefined;
    this.state = c.type === 'IEND' ? 'trailer' : 'head';
  }

  /** An iTXt chunk: XMP reduced to the kept properties, other text kept or dropped as png-text. Returns its category. */
  private rewriteItxt(payload: Buffer): MetadataCategory {
    const xmp = decodeItxtXmp(payload);
    if (xmp === undefined) {
      if (this.kept.has('png-text')) this.output(encodePngChunk('iTXt', payload));
      else this.markRemoved('png-text');
      return 'png-text';
    }
    const out = this.rewriteXmp(xmp);
    if (out)
      this.output(
        out === xmp && this.kept.has('xmp')
          ? encodePngChunk('iTXt', payload)
          : encodePngChunk('iTXt', encodeItxtXmp(out)),
      );
    return 'xmp';
  }

  private writeDisclosure(): void {
    const packet = this.disclosureXmp();
    if (packet) this.output(encodePngChunk('iTXt', encodeItxtXmp(packet)));
  }
}
