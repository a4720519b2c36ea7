import { BAG_README_FILE, payloadEntryPath } from '../bagit/bag-files';
import { verifyBag } from './bagit/verify-bag';
import type { CheckResult } from '../types';
import { checkResult, type BundleView } from './bundle-view';

/** nx-handoff's own rule on top of RFC 8493: the README at the bag root is the payload's README. */
function readmeCopyProblems(view: BundleView): string[] {
  const root = view.files.get(BAG_README_FILE);
  const payload = view.files.get(payloadEntryPath(BAG_README_FILE));
  if (!root || !payload || root.sha256 === payload.sha256) return [];
  return [
    `${BAG_README_FILE} differs from ${payloadEntryPath(BAG_README_FILE)}: the copy at the bag root must be identical`,
  ];
}

/**
 * The `bagit` check of a bag-format bundle, in place of the checksums.sha256 check: the bag
 * validates (verifyBag) and its root README is the payload's.
 */
export async function checkBag(view: BundleView): Promise<CheckResult> {
  const bag = await verifyBag(view);
  const problems = [...bag.errors, ...readmeCopyProblems(view)];
  const warnings = bag.warnings.length > 0 ? `; warning: ${bag.warnings.join('; ')}` : '';
  const ok = `valid BagIt bag: ${bag.payload.files} payload files (${bag.payload.bytes} bytes) match ${bag.manifests.join(' and ')}${warnings}`;
  return checkResult('bagit', problems, ok);
}
