import { HandoffError } from '../../errors';
import { MetadataStripper } from './base-stripper';
import { MAX_UNPLANNED_WEBP, type MetadataCategory, type StripperOptions } from '../../config/image-categories';
import {
  chunkBytes,
  classifyWebpChunk,
  mapWebpExif,
  parseWebpChunkHead,
  parseWebpHeader,
  vp8xFlagsFor,
  type WebpChunkAction,
} from './webp-chunks';

type State = 'header' | 'head' | 'data' | 'trailer';

interface OpenChunk {
  fourcc: string;
  size: number;
  remaining: number;
  action: WebpChunkAction;
  category?: MetadataCategory;
  parts?: Buffer[];
}

/**
 * WebP: drops the chunks of removed categories (unknown chunks, and ICCP or C2PA when not kept),
 * reduces EXIF and XMP to their kept parts, adds the disclosure XMP (VP8X files) when asked, sets
 * the VP8X ICC/EXIF/XMP flags to what the output holds and rewrites the RIFF size. With `opts.webpPlan` (planWebpStrip) the header is written first and
 * everything streams; without it the output is held until the end (up to MAX_UNPLANNED_WEBP).
 */
export class WebpMetadataStripper extends MetadataStripper {
  private state: State = 'header';
  private riffSize = 0;
  private riffEnd = 0;
  private consumed = 0;
  private removedBytes = 0;
  private chunk: OpenChunk | undefined;
  private header: Buffer | undefined;
  private held: Buffer[] = [];
  private heldLength = 0;
  private payloadLength = 0;
  /** The output VP8X data (its flag byte is set once the output's chunks are known). */
  private vp8x: Buffer | undefined;
  private readonly outputHas = { icc: false, exif: false, xmp: false };

  constructor(fileName: string, opts: StripperOptions) {
    super(fileName, 'webp', opts);
  }

  protected override heldBytes(): number {
    return this.heldLength + this.payloadLength;
  }

  protected parse(): void {
    while (this.advance());
  }

  protected finish(): void {
    if (this.state !== 'trailer')
      throw this.malformed(
        this.state === 'header' ? 'the file is too short for a WebP' : 'the file ends inside the RIFF data',
      );
    const plan = this.opts.webpPlan;
    const flags = this.vp8x ? vp8xFlagsFor(this.vp8x[0], this.outputHas) : undefined;
    if (this.vp8x && !plan) this.vp8x[0] = flags!;
    if (
      plan &&
      (plan.removedBytes !== this.removedBytes || (plan.vp8xFlags !== undefined && plan.vp8xFlags !== flags))
    ) {
      throw new HandoffError({
        code: 'INTEGRITY',
        file: this.fileName,
        message: `the file changed while it was being stripped (planned to remove ${plan.removedBytes} bytes, removed ${this.removedBytes})`,
        hint: 'do not edit assets while the bundle is being packaged; run it again',
      });
    }
    if (!plan) {
      this.output(this.riffHeader(this.removedBytes));
      for (const b of this.held) this.output(b);
      this.held = [];
      this.heldLength = 0;
    }
  }

  private riffHeader(removedBytes: number): Buffer {
    const out = Buffer.from(this.header!);
    out.writeUInt32LE(this.riffSize - removedBytes, 4);
    return out;
  }

  /** Output, or hold it when the final RIFF size is not known yet. */
  private send(buf: Buffer): void {
    if (this.opts.webpPlan || this.opts.analyzeOnly) {
      this.output(buf);
      return;
    }
    this.heldLength += buf.length;
    if (this.heldLength > MAX_UNPLANNED_WEBP) {
      throw this.malformed(
        `larger than ${MAX_UNPLANNED_WEBP} bytes without a plan (use createFileMetadataStripper, which plans WebP files)`,
      );
    }
    // A copy (the caller may reuse the chunk it fed, see feed), except the VP8X payload: it is ours
    // and finish() patches its flags in place.
    this.held.push(buf === this.vp8x ? buf : Buffer.from(buf));
  }

  private advance(): boolean {
    const q = this.queue;
    switch (this.state) {
      case 'header':
        if (q.length < 12) return false;
        this.readHeader(q.take(12));
        return true;
      case 'head':
        if (this.consumed === this.riffEnd) {
          this.writeDisclosure();
          this.state = 'trailer';
          return true;
        }
        if (q.length < 8) return false;
        this.openChunk(q.take(8));
        return true;
      case 'data':
        return this.readData();
      case 'trailer':
        if (q.length > 0) this.markRemoved('trailing-data');
        q.skip(q.length);
        return false;
    }
  }

  private readHeader(header: Buffer): void {
    const riffSize = parseWebpHeader(header);
    if (typeof riffSize === 'string') throw this.malformed(riffSize);
    this.riffSize = riffSize;
    this.riffEnd = riffSize + 8;
    this.consumed = 12;
    this.header = Buffer.from(header);
    const plan = this.opts.webpPlan;
    if (plan) {
      if (plan.removedBytes > riffSize - 4)
        throw this.malformed(`the plan removes ${plan.removedBytes} of ${riffSize} bytes`);
      this.output(this.riffHeader(plan.removedBytes));
    }
    this.state = 'head';
  }

  private openChunk(head: Buffer): void {
    const parsed = parseWebpChunkHead(head, this.consumed, this.riffEnd, this.consumed === 12);
    if (typeof parsed === 'string') throw this.malformed(parsed);
    const { action, category } = classifyWebpChunk(parsed.fourcc, this.kept);
    const buffered = action === 'vp8x' || action === 'rewrite' || (this.wantsPayloads && category !== undefined);
    if (buffered) this.checkPayloadSize(parsed.padded, `the ${JSON.stringify(parsed.fourcc)} chunk`);
    this.consumed += 8 + parsed.padded;
    if (action === 'drop' || action === 'rewrite') this.removedBytes += 8 + parsed.padded;
    else this.send(Buffer.from(head));
    if (action === 'keep') this.noteOutput(parsed.fourcc);
    this.chunk = {
      fourcc: parsed.fourcc,
      size: parsed.size,
      remaining: parsed.padded,
      action,
      category,
      parts: buffered ? [] : undefined,
    };
    this.state = 'data';
  }

  private readData(): boolean {
    const c = this.chunk!;
    if (c.remaining === 0) {
      this.closeChunk(c);
      return true;
    }
    const piece = this.queue.takeSome(c.remaining);
    if (piece.length === 0) return false;
    c.remaining -= piece.length;
    if (c.parts) {
      c.parts.push(Buffer.from(piece)); // a copy: the caller may reuse the chunk it fed (see feed)
      this.payloadLength += piece.length;
    } else if (c.action === 'keep') {
      this.send(piece);
    }
    return true;
  }

  private closeChunk(c: OpenChunk): void {
    const data = c.parts ? Buffer.concat(c.parts) : undefined;
    if (c.action === 'vp8x') {
      this.vp8x = Buffer.from(data!);
      const plan = this.opts.webpPlan;
      if (plan?.vp8xFlags !== undefined) this.vp8x[0] = plan.vp8xFlags;
      this.send(this.vp8x);
    } else if (c.action === 'keep' && data) {
      this.send(data);
    } else if (c.action === 'rewrite') {
      this.rewriteChunk(c.fourcc, data!.subarray(0, c.size));
    }
    if (c.category && c.action === 'drop') this.markRemoved(c.category);
    if (c.category === 'c2pa' && c.action === 'keep') this.markC2paKept();
    if (c.category && data) this.reportPayload(c.category, data.subarray(0, c.size), c.fourcc.trim());
    this.payloadLength = 0;
    this.chunk = undefined;
    this.state = 'head';
  }

  /** An EXIF or XMP chunk reduced to its kept parts: written with its new size, or gone. */
  private rewriteChunk(fourcc: string, data: Buffer): void {
    const out =
      fourcc === 'XMP ' ? this.rewriteXmp(data) : mapWebpExif(data, (tiff) => this.rewriteExif(tiff, 'EXIF chunk'));
    if (!out) return;
    this.sendChunk(fourcc, out);
    this.noteOutput(fourcc);
  }

  private sendChunk(fourcc: string, data: Buffer): void {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    this.send(head);
    this.send(data);
    if (data.length & 1) this.send(Buffer.alloc(1));
    this.removedBytes -= chunkBytes(data.length);
  }

  private noteOutput(fourcc: string): void {
    if (fourcc === 'ICCP') this.outputHas.icc = true;
    if (fourcc === 'EXIF') this.outputHas.exif = true;
    if (fourcc === 'XMP ') {
      this.outputHas.xmp = true;
      this.xmpWritten = true;
    }
  }

  /** The disclosure XMP chunk, at the end of a VP8X file whose output has no XMP. */
  private writeDisclosure(): void {
    if (!this.vp8x || this.outputHas.xmp) return;
    const packet = this.disclosureXmp();
    if (!packet) return;
    this.sendChunk('XMP ', packet);
    this.noteOutput('XMP ');
  }
}
