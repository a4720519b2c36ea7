/**
 * Names and fixed contents of an RFC 8493 (BagIt 1.0) bag as nx-handoff writes it. The bag root is
 * the bundle's top folder `<slug>-handoff-v<N>/`:
 *
 *     bagit.txt               the bag declaration (BAG_DECLARATION)
 *     README.md               a copy of data/README.md: an extra tag file, what the receiving team opens first
 *     data/...                the payload: every file of the plan (README.md, assets/, docs/, prompts/, source/)
 *     bag-info.txt            Source-Organization, Bagging-Date, External-Identifier, Payload-Oxum, Bag-Software-Agent
 *     manifest-sha256.txt     `<sha256>  data/<path>` per payload file: `sha256sum -c` works at the bag root
 *     tagmanifest-sha256.txt  the same for bagit.txt, bag-info.txt, manifest-sha256.txt and README.md
 */

export const BAG_DECLARATION_FILE = 'bagit.txt';
export const BAG_INFO_FILE = 'bag-info.txt';
export const PAYLOAD_DIR = 'data';
/** The one algorithm nx-handoff writes (RFC 8493 §2.4: SHA-256 or SHA-512 SHOULD be used). */
export const BAG_ALGORITHM = 'sha256';
export const PAYLOAD_MANIFEST_FILE = `manifest-${BAG_ALGORITHM}.txt`;
export const TAG_MANIFEST_FILE = `tagmanifest-${BAG_ALGORITHM}.txt`;
/** Copied from the payload to the bag root. */
export const BAG_README_FILE = 'README.md';
/** Holey bags (files to download) are not handoff bundles. */
export const FETCH_FILE = 'fetch.txt';

/** RFC 8493 §2.1.1, byte for byte: two lines, LF endings, no byte-order mark. */
export const BAG_DECLARATION = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

/**
 * `Bag-Software-Agent`. No version number on purpose: a delivered version must rebuild to the same
 * bytes after a plugin upgrade (the ledger compares digests).
 */
export const BAG_SOFTWARE_AGENT = 'nx-handoff';

/** `data/<path>` for a path relative to the payload folder. */
export function payloadEntryPath(planPath: string): string {
  return `${PAYLOAD_DIR}/${planPath}`;
}

export function isPayloadPath(bagPath: string): boolean {
  return bagPath.startsWith(`${PAYLOAD_DIR}/`);
}

/** `manifest-<alg>.txt` / `tagmanifest-<alg>.txt` at the bag root: the algorithm, else undefined. */
export function manifestAlgorithm(bagPath: string, kind: 'payload' | 'tag'): string | undefined {
  const m = (kind === 'payload' ? /^manifest-([a-z0-9]+)\.txt$/ : /^tagmanifest-([a-z0-9]+)\.txt$/).exec(bagPath);
  return m?.[1];
}
