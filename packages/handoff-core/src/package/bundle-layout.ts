import { planBagEntries } from './bag-layout';
import { silentLogger, type BundlePlan, type Logger } from '../types';
import { CHECKSUMS_FILE, planEntries, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { formatChecksumsFile } from '../bundle/checksums-file';

/** checksums.sha256 over every entry written before it. */
function checksumsEntry(top: string): ZipEntrySpec {
  const build = (written: ReadonlyMap<string, WrittenFile>): Buffer => {
    const sums: Record<string, string> = {};
    for (const [p, w] of written) sums[p] = w.sha256;
    return Buffer.from(formatChecksumsFile(sums), 'utf8');
  };
  return { path: CHECKSUMS_FILE, name: `${top}/${CHECKSUMS_FILE}`, source: { kind: 'generated', build }, store: false };
}

/**
 * Every entry of the zip, in write order, for the plan's format:
 * - `zip`: the plan's files in path order, then checksums.sha256;
 * - `bagit`: an RFC 8493 bag (see planBagEntries).
 * The plan is validated first (names, collisions); nothing is written when it is refused.
 */
export function planLayout(plan: BundlePlan, logger: Logger = silentLogger): ZipEntrySpec[] {
  if (plan.format === 'bagit') return planBagEntries(plan, logger);
  return [...planEntries(plan), checksumsEntry(plan.topFolder.normalize('NFC'))];
}
