import { DEFAULT_KEPT_CATEGORIES, type MetadataCategory } from '../../config/image-categories';
import { buildDisclosureXmp, reduceXmpPacket } from './xmp-packet';

const KEEP = new Set<MetadataCategory>(DEFAULT_KEPT_CATEGORIES);
const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

/** An XMP packet as an agency's tools leave it: provenance and rights next to internal properties. */
const PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 9.1">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
    xmlns:kf="http://kestrelfinch.example/ns/review/1.0/"
    xmp:CreatorTool="/Users/dana/KF Pipeline/gen-batch 4.2"
    xmpMM:DocumentID="xmp.did:0a1b2c" xmpMM:InstanceID="xmp.iid:3d4e5f" xmpMM:OriginalDocumentID="xmp.did:orig"
    ext:DigitalSourceType="${AI}"
    photoshop:Credit='Northwind "Coffee" Roasters'
    kf:ReviewStatus="internal-review">
   <xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" stEvt:softwareAgent="KF Pipeline"/></rdf:Seq></xmpMM:History>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Northwind &amp; Co.</rdf:li></rdf:Alt></dc:rights>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Globex pitch, reviewed by Dana</rdf:li></rdf:Alt></dc:description>
   <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Web and print</rdf:li></rdf:Alt></xmpRights:UsageTerms>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

describe('XMP packet reduced to the kept properties', () => {
  it('keeps the Digital Source Type and rights fields, drops history, ids, tool paths and private namespaces', () => {
    const out = reduceXmpPacket(Buffer.from(PACKET), KEEP)!.toString('utf8');
    expect(out).toContain(`ext:DigitalSourceType="${AI}"`);
    expect(out).toContain('photoshop:Credit="Northwind &quot;Coffee&quot; Roasters"');
    expect(out).toContain(
      '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Northwind &amp; Co.</rdf:li></rdf:Alt></dc:rights>',
    );
    expect(out).toContain('<xmpRights:UsageTerms>');
    for (const gone of [
      'CreatorTool',
      'KF Pipeline',
      'xmpMM',
      'DocumentID',
      'InstanceID',
      'History',
      'internal-review',
      'kestrelfinch',
      'Globex',
      'Dana',
    ]) {
      expect(out).not.toContain(gone);
    }
    // Only the namespaces the kept properties use are declared.
    expect([...out.matchAll(/xmlns:([\w-]+)=/g)].map((m) => m[1])).toEqual([
      'x',
      'rdf',
      'dc',
      'ext',
      'photoshop',
      'xmpRights',
    ]);
  });

  it('is well-formed (every tag closed in order) and a fixed point', () => {
    const once = reduceXmpPacket(Buffer.from(PACKET), KEEP)!;
    expect(reduceXmpPacket(once, KEEP)).toEqual(once);
    const tags = [...once.toString('utf8').matchAll(/<(\/?)([\w:-]+)[^>]*?(\/?)>/g)];
    const stack: string[] = [];
    for (const [, close, name, selfClosing] of tags) {
      if (close) expect(stack.pop()).toBe(name);
      else if (!selfClosing) stack.push(name);
    }
    expect(stack).toEqual([]);
  });

  it('honours the kept categories: without `rights` only the Digital Source Type stays; with none, nothing', () => {
    const out = reduceXmpPacket(Buffer.from(PACKET), new Set(['digital-source-type']))!.toString('utf8');
    expect(out).toContain('DigitalSourceType');
    expect(out).not.toMatch(/Credit|dc:rights|UsageTerms/);
    expect(reduceXmpPacket(Buffer.from(PACKET), new Set(['icc-profile']))).toBeUndefined();
    expect(reduceXmpPacket(Buffer.from('<x:xmpmeta>no RDF here</x:xmpmeta>'), KEEP)).toBeUndefined();
  });

  it('merges the AI disclosure into a packet without one, in the same place a found one would take', () => {
    const composite = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';
    const withoutDst = PACKET.replace(/ext:DigitalSourceType="[^"]*"/, '');
    const merged = reduceXmpPacket(Buffer.from(withoutDst), KEEP, composite)!;
    expect(merged.toString('utf8')).toContain(`Iptc4xmpExt:DigitalSourceType="${composite}"`);
    expect(merged.toString('utf8')).toContain('photoshop:Credit=');
    expect(reduceXmpPacket(merged, KEEP)).toEqual(merged);
    // A packet that already states a source type keeps its own.
    expect(reduceXmpPacket(Buffer.from(PACKET), KEEP, composite)!.toString('utf8')).toContain(
      `ext:DigitalSourceType="${AI}"`,
    );
    expect(reduceXmpPacket(buildDisclosureXmp(AI), KEEP)).toEqual(buildDisclosureXmp(AI));
  });

  it('drops an element whose namespace is not declared rather than writing a broken packet', () => {
    const broken = PACKET.replace(
      'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
      'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" xmlns:q="urn:q"',
    ).replace('<rdf:li xml:lang="x-default">Web and print</rdf:li>', '<zz:li>Web</zz:li>');
    const out = reduceXmpPacket(Buffer.from(broken), KEEP)!.toString('utf8');
    expect(out).not.toContain('UsageTerms');
    expect(out).toContain('dc:rights');
  });
});
