/**
 * IPTC Digital Source Type of a shipped asset: the AI disclosure in docs/metadata.csv, index.html
 * and (opt-in) the embedded XMP. A leaf with no imports; strip/image-policy.ts finds an asset's
 * rights item and asks here.
 */

/** Base of the IPTC NewsCodes vocabulary https://cv.iptc.org/newscodes/digitalsourcetype/. */
export const DIGITAL_SOURCE_TYPE_BASE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** Media created by a model trained on sample content: every generated asset, by default. */
export const TRAINED_ALGORITHMIC_MEDIA = `${DIGITAL_SOURCE_TYPE_BASE}trainedAlgorithmicMedia`;

/** Rights kinds that are not AI output: they carry no AI disclosure unless their item says so. */
const NOT_GENERATED_KINDS: ReadonlySet<string> = new Set(['licensed-stock', 'client-supplied']);

/** What the function reads of a rights item (handoff.json `rights.items[]`). */
export interface DigitalSourceTypeItem {
  kind: string;
  /** A NewsCodes term (`compositeWithTrainedAlgorithmicMedia`) or its full URI. */
  digitalSourceType?: string;
}

/**
 * The Digital Source Type URI for an asset with this rights item (none: plain generated work):
 * the item's own `digitalSourceType` when set (a bare term is expanded to the NewsCodes URI),
 * nothing for licensed stock and client-supplied material, else trainedAlgorithmicMedia.
 */
export function digitalSourceTypeOf(item?: DigitalSourceTypeItem): string | undefined {
  const own = item?.digitalSourceType?.trim();
  if (own) return /^https?:\/\//.test(own) ? own : `${DIGITAL_SOURCE_TYPE_BASE}${own}`;
  if (item && NOT_GENERATED_KINDS.has(item.kind)) return undefined;
  return TRAINED_ALGORITHMIC_MEDIA;
}
