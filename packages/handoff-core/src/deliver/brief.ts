import type { DeliveryReceipt } from './destination';
import { PAYLOAD_MANIFEST_FILE } from '../bagit/bag-files';
import { BUNDLE_FILES } from '../bundle/bundle-files';

/** Everything the receiving-team brief says. */
export interface BriefInput {
  client: string;
  version: number;
  date: string;
  zipName: string;
  topFolder: string;
  format: 'zip' | 'bagit';
  sha256: string;
  size: number;
  fileCount: number;
  counts: { assets: number; prompts: number; models: number };
  receipts: DeliveryReceipt[];
  /** This version's CHANGELOG lines. */
  changes: string[];
  support: { contact: string; windowDays: number };
  sunsetDate: string;
  receivingTeam?: string;
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
    : `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

function whereLines(receipts: DeliveryReceipt[]): string[] {
  return receipts.flatMap((r) => {
    if (r.link)
      return [`- Download link (expires ${r.link.expiresAt}):`, `  <${r.link.url}>`, `  (stored at ${r.where})`];
    return [`- ${r.destination.type === 'sftp' ? 'SFTP' : 'Folder'}: \`${r.where}\``];
  });
}

/**
 * BRIEF.md: the message that goes with a delivery. Written beside the zip and printed, so it can
 * be pasted into an e-mail: what they got, where, how to check it, what changed, who to call.
 */
export function renderBrief(b: BriefInput): string {
  const checksums = b.format === 'bagit' ? PAYLOAD_MANIFEST_FILE : BUNDLE_FILES.checksums;
  const to = b.receivingTeam ? ` for ${b.receivingTeam}` : '';
  return [
    `# Handoff brief — ${b.client}, v${b.version} (${b.date})`,
    '',
    `The ${b.client} handoff bundle${to}: everything needed to reuse and regenerate the work without calling the agency.`,
    '',
    '## What you got',
    '',
    `- \`${b.zipName}\` (${mib(b.size)}, ${b.fileCount} files${b.format === 'bagit' ? ', a BagIt bag' : ''}): ` +
      `${b.counts.assets} assets, ${b.counts.prompts} prompts, ${b.counts.models} pinned models, rights and brand documents.`,
    '- Start with `README.md` inside the top folder.',
    '',
    '## Where',
    '',
    ...whereLines(b.receipts),
    '',
    '## Check it',
    '',
    `sha256: \`${b.sha256}\``,
    '',
    '```sh',
    `echo "${b.sha256}  ${b.zipName}" | sha256sum -c    # or: sha256sum -c ${b.zipName}.sha256`,
    `unzip ${b.zipName}`,
    `cd ${b.topFolder} && sha256sum -c ${checksums}`,
    '```',
    '',
    '## What changed',
    '',
    ...b.changes.map((l) => `- ${l}`),
    '',
    '## Support',
    '',
    `${b.support.contact} answers questions until ${b.sunsetDate} (${b.support.windowDays} days after delivery).`,
    '',
  ].join('\n');
}
