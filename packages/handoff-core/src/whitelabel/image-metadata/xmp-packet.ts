import type { MetadataCategory } from '../../config/image-categories';

/**
 * XMP reduced to the kept provenance and rights properties. This is a minimal rebuilt packet, not
 * an in-place edit: the kept properties are found in the original (attribute or element form,
 * under whatever prefix the packet declares for their namespace), copied verbatim into a new
 * packet with the namespace declarations they use, and everything else (tool namespaces, xmpMM
 * history and document ids, CreatorTool, descriptions...) is left behind. The output is
 * deterministic and a fixed point: rebuilding a rebuilt packet gives the same bytes.
 */

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcterms: 'http://purl.org/dc/terms/',
  iptcExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  tiff: 'http://ns.adobe.com/tiff/1.0/',
};

interface KeptProperty {
  ns: string;
  name: string;
  category: MetadataCategory;
}

/** The XMP properties a category keeps, in the order the rebuilt packet lists them. */
export const KEPT_XMP_PROPERTIES: readonly KeptProperty[] = [
  { ns: NS.dcterms, name: 'provenance', category: 'c2pa' },
  { ns: NS.iptcExt, name: 'DigitalSourceType', category: 'digital-source-type' },
  { ns: NS.dc, name: 'rights', category: 'rights' },
  { ns: NS.photoshop, name: 'Credit', category: 'rights' },
  { ns: NS.xmpRights, name: 'Marked', category: 'rights' },
  { ns: NS.xmpRights, name: 'UsageTerms', category: 'rights' },
  { ns: NS.xmpRights, name: 'WebStatement', category: 'rights' },
  { ns: NS.plus, name: 'Licensor', category: 'rights' },
  { ns: NS.plus, name: 'CopyrightOwner', category: 'rights' },
  { ns: NS.tiff, name: 'Orientation', category: 'orientation' },
];

const NAME = '[A-Za-z_][\\w.-]*';
const ATTR = new RegExp(`(${NAME}(?::${NAME})?)\\s*=\\s*("[^"]*"|'[^']*')`, 'g');
const XMLNS = new RegExp(`xmlns:(${NAME})\\s*=\\s*("[^"]*"|'[^']*')`, 'g');
const TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>/g;

const unquote = (v: string): string => v.slice(1, -1);
/** An attribute value as a double-quoted literal (a single-quoted one may hold a raw `"`). */
const doubleQuoted = (v: string): string => (v.startsWith('"') ? v : `"${unquote(v).replace(/"/g, '&quot;')}"`);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** prefix -> namespace URI for every `xmlns:prefix` in the packet (the first declaration wins). */
function declarations(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(XMLNS)) if (!out.has(m[1])) out.set(m[1], unquote(m[2]));
  return out;
}

/** True when a fragment's tags nest properly and its text has no stray `<` or `&`. */
function isBalanced(fragment: string): boolean {
  const stack: string[] = [];
  let last = 0;
  for (const m of fragment.matchAll(TAG)) {
    const text = fragment.slice(last, m.index);
    if (/</.test(text) || /&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][\w.-]*);)/.test(text)) return false;
    last = m.index + m[0].length;
    const tag = m[0];
    if (tag.startsWith('<!--') || tag.startsWith('<?')) return false;
    if (tag.startsWith('<![CDATA[')) continue;
    const name = /^<\/?([^\s/>]+)/.exec(tag)?.[1];
    if (!name) return false;
    if (tag.startsWith('</')) {
      if (stack.pop() !== name) return false;
    } else if (!tag.endsWith('/>')) stack.push(name);
  }
  const tail = fragment.slice(last);
  return stack.length === 0 && !/[<>]/.test(tail) && tail.trim() === '';
}

/** Prefixes a fragment uses (element and attribute names), less the ones it declares itself. */
function prefixesUsed(fragment: string): string[] {
  const used = new Set<string>();
  const own = declarations(fragment);
  for (const m of fragment.matchAll(TAG)) {
    const tag = m[0];
    if (tag.startsWith('<!') || tag.startsWith('<?')) continue;
    const el = /^<\/?([^\s/>:]+):/.exec(tag);
    if (el) used.add(el[1]);
    for (const a of tag.matchAll(ATTR)) {
      const p = a[1].split(':');
      if (p.length === 2 && p[0] !== 'xmlns') used.add(p[0]);
    }
  }
  return [...used].filter((p) => p !== 'xml' && !own.has(p));
}

/** The whole element `<p:name ...>...</p:name>` (or `<p:name .../>`) starting at `start`. */
function elementAt(xml: string, start: number, qname: string): string | undefined {
  const tags = new RegExp(TAG.source, 'g');
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const name = /^<\/?([^\s/>]+)/.exec(m[0])?.[1];
    if (name !== qname) continue;
    if (m[0].startsWith('</')) depth--;
    else if (!m[0].endsWith('/>')) depth++;
    if (depth === 0) return xml.slice(start, m.index + m[0].length);
  }
  return undefined;
}

interface Found {
  attrs: string[];
  elements: string[];
  prefixes: Set<string>;
}

/** The kept properties of a packet, in KEPT_XMP_PROPERTIES order: each once, attribute or element. */
function findKept(
  xml: string,
  decl: Map<string, string>,
  kept: ReadonlySet<MetadataCategory>,
  disclose?: string,
): Found {
  const found: Found = { attrs: [], elements: [], prefixes: new Set() };
  const descriptionTags = [...xml.matchAll(TAG)]
    .map((m) => m[0])
    .filter((t) => /^<[^\s/>:]+:Description[\s/>]/.test(t));
  for (const prop of KEPT_XMP_PROPERTIES.filter((p) => kept.has(p.category))) {
    const prefixes = [...decl].filter(([, uri]) => uri === prop.ns).map(([p]) => p);
    const before = found.attrs.length + found.elements.length;
    for (const p of prefixes) {
      const qname = `${p}:${prop.name}`;
      const attr = descriptionTags.flatMap((t) => [...t.matchAll(ATTR)]).find((a) => a[1] === qname);
      if (attr) {
        found.attrs.push(`${qname}=${doubleQuoted(attr[2])}`);
        found.prefixes.add(p);
        break;
      }
      const at = new RegExp(`<${escapeRe(qname)}(?=[\\s/>])`).exec(xml);
      const element = at ? elementAt(xml, at.index, qname) : undefined;
      const missing = element ? prefixesUsed(element).filter((u) => !decl.has(u)) : [];
      if (element && isBalanced(element) && missing.length === 0) {
        found.elements.push(element);
        for (const u of prefixesUsed(element)) found.prefixes.add(u);
        break;
      }
    }
    const missing = found.attrs.length + found.elements.length === before;
    if (
      missing &&
      disclose &&
      prop.name === 'DigitalSourceType' &&
      (decl.get('Iptc4xmpExt') ?? NS.iptcExt) === NS.iptcExt
    ) {
      found.attrs.push(disclosureAttr(disclose));
      found.prefixes.add('Iptc4xmpExt');
      decl.set('Iptc4xmpExt', NS.iptcExt);
    }
  }
  return found;
}

/** Build a packet from attribute-form properties, element-form properties and their declarations. */
export function buildXmpPacket(attrs: string[], elements: string[], namespaces: Array<[string, string]>): Buffer {
  const decls = namespaces
    .filter(([p, uri]) => !(p === 'rdf' && uri === NS.rdf) && p !== 'x')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, uri]) => `xmlns:${p}="${uri.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
  const open = ['<rdf:Description rdf:about=""', ...decls, ...attrs].join('\n    ');
  const body = elements.length
    ? `${open}>\n${elements.map((e) => `   ${e}\n`).join('')}  </rdf:Description>`
    : `${open}/>`;
  return Buffer.from(
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
      ` <rdf:RDF xmlns:rdf="${NS.rdf}">\n  ${body}\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>`,
    'utf8',
  );
}

/**
 * The packet with only the properties of the `kept` categories, or undefined when it holds none
 * of them (or is not readable XMP: the packet then goes, as internal metadata would).
 */
export function reduceXmpPacket(
  packet: Buffer,
  kept: ReadonlySet<MetadataCategory>,
  disclose?: string,
): Buffer | undefined {
  const xml = packet.toString('utf8');
  if (xml.includes('\ufffd') || !/<[^\s/>:]+:RDF[\s>]/.test(xml))
    return disclose ? buildDisclosureXmp(disclose) : undefined;
  const decl = declarations(xml);
  const found = findKept(xml, decl, disclose ? new Set([...kept, 'digital-source-type']) : kept, disclose);
  if (found.attrs.length === 0 && found.elements.length === 0) return undefined;
  const rdfPrefix = [...decl].find(([, uri]) => uri === NS.rdf)?.[0];
  if (decl.get('rdf') !== undefined && decl.get('rdf') !== NS.rdf) return undefined; // `rdf:` taken by another namespace
  if (rdfPrefix && rdfPrefix !== 'rdf') found.prefixes.add(rdfPrefix);
  return buildXmpPacket(
    found.attrs,
    found.elements,
    [...found.prefixes].map((p) => [p, decl.get(p)!]),
  );
}

/** IPTC Digital Source Type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/). */

function disclosureAttr(digitalSourceType: string): string {
  return `Iptc4xmpExt:DigitalSourceType="${digitalSourceType.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}"`;
}

/** A packet holding only Iptc4xmpExt:DigitalSourceType: the AI disclosure written into an image. */
export function buildDisclosureXmp(digitalSourceType: string): Buffer {
  return buildXmpPacket([disclosureAttr(digitalSourceType)], [], [['Iptc4xmpExt', NS.iptcExt]]);
}
