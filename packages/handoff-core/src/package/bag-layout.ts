import { HandoffError } from '../errors';
import { planEntries, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { silentLogger, type BundlePlan, type Logger } from '../types';
import {
  BAG_DECLARATION,
  BAG_DECLARATION_FILE,
  BAG_INFO_FILE,
  BAG_README_FILE,
  BAG_SOFTWARE_AGENT,
  PAYLOAD_MANIFEST_FILE,
  TAG_MANIFEST_FILE,
  isPayloadPath,
  payloadEntryPath,
} from '../bagit/bag-files';
import { formatManifest } from '../bagit/manifest-file';
import { formatTagFile, type TagField } from '../bagit/tag-file';

type Written = ReadonlyMap<string, WrittenFile>;

export interface PayloadOxum {
  bytes: number;
  files: number;
}

/** bag-info.txt fields, in the order RFC 8493 §2.2.2 lists them. */
export function bagInfoFields(plan: BundlePlan, oxum: PayloadOxum): TagField[] {
  return [
    { label: 'Source-Organization', value: plan.organization?.trim() || plan.slug },
    { label: 'Bagging-Date', value: plan.date },
    { label: 'External-Identifier', value: plan.topFolder.normalize('NFC') },
    { label: 'Payload-Oxum', value: `${oxum.bytes}.${oxum.files}` },
    { label: 'Bag-Software-Agent', value: BAG_SOFTWARE_AGENT },
  ];
}

/** Entries of `written` inside (payload) or outside (tag files) data/. */
function pick(written: Written, payload: boolean): Array<[string, WrittenFile]> {
  return [...written].filter(([p]) => isPayloadPath(p) === payload);
}

function oxumOf(written: Written): PayloadOxum {
  const payload = pick(written, true);
  return { bytes: payload.reduce((n, [, w]) => n + w.size, 0), files: payload.length };
}

/** The README at the bag root must be the payload's README, byte for byte. */
function checkReadmeCopy(written: Written): void {
  const root = written.get(BAG_README_FILE);
  const payload = written.get(payloadEntryPath(BAG_README_FILE));
  if (root && payload && root.sha256 !== payload.sha256) {
    throw new HandoffError({
      code: 'INTEGRITY',
      file: BAG_README_FILE,
      message: `${BAG_README_FILE} changed while packaging: the copy at the bag root differs from ${payloadEntryPath(BAG_README_FILE)}`,
      hint: 'something is writing to the bundle sources; wait for it to finish and re-run the handoff',
    });
  }
}

function warnPercentNames(payload: readonly ZipEntrySpec[], logger: Logger): void {
  for (const e of payload) {
    if (!e.path.includes('%')) continue;
    logger.warn(
      `${e.path}: "%" is written as %25 in ${PAYLOAD_MANIFEST_FILE}, as RFC 8493 requires; bagit-python and ` +
        '`sha256sum -c` do not decode it and will report the file missing. Rename it if the receiving team uses them.',
    );
  }
}

function tagEntry(top: string, path: string, build: (written: Written) => Buffer): ZipEntrySpec {
  return { path, name: `${top}/${path}`, source: { kind: 'generated', build }, store: false };
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/**
 * The zip entries of an RFC 8493 bag for `plan`, in write order. The payload is streamed and hashed
 * once; each tag file that depends on it is generated after it:
 *
 *   1. bagit.txt                constant: first, so a reader of the zip stream knows a bag is coming
 *   2. README.md                root copy of the payload README (when the plan has one)
 *   3. data/<path>              every plan file, in path order
 *   4. bag-info.txt             Payload-Oxum from the bytes actually written
 *   5. manifest-sha256.txt      from the payload hashes
 *   6. tagmanifest-sha256.txt   last: covers 1, 2, 4 and 5
 *
 * This happens to be plain code-unit path order too, apart from bagit.txt, so listings read sorted.
 * PackageResult.checksums keys stay the plan paths (without `data/`), as in the zip format.
 */
export function planBagEntries(plan: BundlePlan, logger: Logger = silentLogger): ZipEntrySpec[] {
  const planned = planEntries(plan, payloadEntryPath);
  const top = plan.topFolder.normalize('NFC');
  warnPercentNames(planned, logger);
  const payload = planned.map((e): ZipEntrySpec => ({
    ...e,
    path: payloadEntryPath(e.path),
    name: `${top}/${payloadEntryPath(e.path)}`,
  }));
  const readme = planned.find((e) => e.path === BAG_README_FILE);
  const rootReadme: ZipEntrySpec[] = readme ? [{ ...readme, planPath: undefined }] : [];
  const digests = (entries: Array<[string, WrittenFile]>): Array<[string, string]> =>
    entries.map(([p, w]) => [p, w.sha256]);
  return [
    {
      path: BAG_DECLARATION_FILE,
      name: `${top}/${BAG_DECLARATION_FILE}`,
      source: { kind: 'bytes', data: utf8(BAG_DECLARATION) },
      store: false,
    },
    ...rootReadme,
    ...payload,
    tagEntry(top, BAG_INFO_FILE, (written) => utf8(formatTagFile(bagInfoFields(plan, oxumOf(written))))),
    tagEntry(top, PAYLOAD_MANIFEST_FILE, (written) => utf8(formatManifest(digests(pick(written, true))))),
    tagEntry(top, TAG_MANIFEST_FILE, (written) => {
      checkReadmeCopy(written);
      return utf8(formatManifest(digests(pick(written, false))));
    }),
  ];
}
