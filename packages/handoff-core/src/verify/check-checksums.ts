import { CHECKSUMS_FILE } from '../package/bundle-entries';
import { parseChecksumsFile } from '../bundle/checksums-file';
import type { CheckResult } from '../types';
import { checkResult, type BundleDoc, type BundleView } from './bundle-view';

/**
 * Compare checksums.sha256 with the sha256 of every extracted file (computed during extraction):
 * every listed file exists and matches, every file but checksums.sha256 is listed.
 */
export function checkChecksums(view: BundleView, doc: BundleDoc): CheckResult {
  if (doc.text === undefined) return checkResult('checksums', [`${CHECKSUMS_FILE} is missing`], '');
  const parsed = parseChecksumsFile(doc.text);
  const problems = parsed.problems.map((p) => `${CHECKSUMS_FILE} ${p}`);
  let matched = 0;
  for (const [rel, expected] of parsed.entries) {
    if (rel === CHECKSUMS_FILE) {
      problems.push(`${CHECKSUMS_FILE} lists itself`);
      continue;
    }
    const actual = view.files.get(rel);
    if (!actual) problems.push(`${rel} is listed in ${CHECKSUMS_FILE} but missing from the bundle`);
    else if (actual.sha256 !== expected)
      problems.push(`${rel}: sha256 mismatch (listed ${expected.slice(0, 12)}…, found ${actual.sha256.slice(0, 12)}…)`);
    else matched++;
  }
  for (const rel of view.files.keys()) {
    if (rel !== CHECKSUMS_FILE && !parsed.entries.has(rel)) problems.push(`${rel} is not listed in ${CHECKSUMS_FILE}`);
  }
  return checkResult('checksums', problems, `${matched} files match`);
}
