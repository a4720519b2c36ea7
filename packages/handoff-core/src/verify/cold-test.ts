import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import { DEFAULT_TAG_PREFIXES } from '../config/client-config';
import { checkWhiteLabel } from '../whitelabel/check-white-label';
import type { LeakRules } from '../whitelabel/leak-scan';
import { writeFileAtomic } from '../fs/atomic';
import type { GenAiClient } from '../genai/types';
import { BAG_DECLARATION_FILE, PAYLOAD_DIR } from '../bagit/bag-files';
import { CHECKSUMS_FILE, shouldStore } from '../package/bundle-entries';
import { silentLogger, type CheckResult, type ColdTestReport, type Logger } from '../types';
import {
  checkResult,
  folderView,
  LIBRARY_FILE,
  MANIFEST_FILE,
  PINS_FILE,
  README_FILE,
  readBundleDoc,
  type BundleView,
} from './bundle-view';
import { checkBag } from './check-bag';
import { checkContactSheet, checkMetadataCsv, CONTACT_SHEET_FILE, METADATA_CSV_FILE } from './check-asset-documents';
import { checkChecksums } from './check-checksums';
import { checkManifest, checkPromptLibrary } from './check-documents';
import { checkPins } from './check-pins';
import { checkReadme } from './check-readme';
import { checkRegeneration } from './check-regeneration';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './entry-safety';
import { extractZipSafely, type ExtractResult } from './extract-zip';
import { sha256FileAside } from '../bundle/sha256-file';
import type { ProgressStream } from '../progress';
import type { MetadataCategory } from '../config/image-categories';

/** The white-label gate's settings: the client's strip rules when known. */
export interface WhiteLabelGate {
  rules: LeakRules;
  /** Metadata categories kept on purpose (provenance); default DEFAULT_KEPT_CATEGORIES. */
  keep?: MetadataCategory[];
  /** Bundle paths of images shipped with their metadata on purpose (accepted C2PA-signed files). */
  keepMetadataIn?: string[];
}

export interface ColdTestOptions {
  /** The leak gate (always on); default: the built-in internal tag prefixes, no terms. */
  whiteLabel?: WhiteLabelGate;
  zip: string;
  /** Extract here (created if missing, must be empty) and keep it; default: a temp dir, removed. */
  workDir?: string;
  /** Dry-run every job, not just the first. */
  all?: boolean;
  /** Fail the regeneration check when the gen-ai CLI is unavailable. */
  requireCli?: boolean;
  /**
   * gen-ai client for the dry run, built by the caller with a scrubbed env; or a factory called
   * with the extracted bundle folder, so the CLI runs with its cwd in the bundle.
   */
  genAi?: GenAiClient | ((bundleRoot: string) => GenAiClient);
  logger?: Logger;
  /** Parent of the temp extraction folder (default os.tmpdir()); needs room for the unzipped bundle. */
  tempRoot?: string;
  /** Write every file to the work folder, media included (default: documents only; see writtenForChecks). */
  extractAll?: boolean;
  /** Extraction limits; defaults in DEFAULT_EXTRACT_LIMITS. */
  limits?: Partial<ExtractLimits>;
  /** Where extraction progress is drawn (see createProgress); default stderr, false: none. */
  progress?: ProgressStream | false;
}

/**
 * What the cold test writes to its clean folder: everything but already-compressed media (see
 * shouldStore), which is verified in the stream (size, CRC-32, sha256, image metadata) and dropped.
 * The checks open documents only (README, manifest, library, pins, CSV, HTML, text for the leak
 * gate) and the regeneration sample is a dry run: no check reads a media file from disk. A BagIt
 * bag (bagit.txt in its top folder) is written whole: its manifests may use algorithms other than
 * sha256, which verifyBag computes from the written files.
 */
function writtenForChecks(names: readonly string[]): ((name: string) => boolean) | undefined {
  const bag = names.some((n) => n.split('/').length === 2 && n.endsWith(`/${BAG_DECLARATION_FILE}`));
  return bag ? undefined : (name) => !shouldStore(name);
}

/** The leak gate's rules when the bundle's client config is unknown (`--zip` of any bundle). */
const DEFAULT_LEAK_RULES: LeakRules = { tagPrefixes: DEFAULT_TAG_PREFIXES, tags: [], terms: [] };

const AFTER_EXTRACTION = [
  'checksums',
  'manifest',
  'prompt-library',
  'metadata-csv',
  'contact-sheet',
  'pins',
  'readme',
  'regeneration',
  'white-label',
];

/**
 * Both results, once both have settled: the first error otherwise. Promise.all would reject on
 * the first error while the other task still runs, and the caller would remove the work folder
 * under an extraction still writing into it.
 */
async function prepareWorkDir(workDir: string | undefined, tempRoot: string | undefined): Promise<string> {
  if (!workDir) return fs.mkdtemp(path.join(tempRoot ?? os.tmpdir(), 'nx-handoff-cold-test-'));
  await fs.mkdir(workDir, { recursive: true });
  if ((await fs.readdir(workDir)).length > 0) {
    throw new HandoffError({
      code: 'IO',
      file: workDir,
      message: 'the cold-test work folder is not empty',
      hint: 'pass an empty or new folder as workDir',
    });
  }
  return path.resolve(workDir);
}

/** The `extraction` check and, when it passes, the view of the single top folder. */
function extractionCheck(result: ExtractResult, dir: string): { check: CheckResult; view?: BundleView } {
  const fail = (problems: string[]): { check: CheckResult } => ({ check: checkResult('extraction', problems, '') });
  if (!result.ok) return fail(result.refusals);
  const tops = new Set(result.files.map((f) => f.name.split('/')[0]));
  const loose = result.files.filter((f) => !f.name.includes('/')).map((f) => `${f.name} is outside the bundle folder`);
  if (loose.length > 0) return fail(loose);
  if (tops.size !== 1)
    return fail([
      `expected exactly one top folder, found ${tops.size}${tops.size ? `: ${[...tops].sort().join(', ')}` : ''}`,
    ]);
  const [topFolder] = tops;
  const files = new Map(result.files.map(({ name, ...file }) => [name.slice(topFolder.length + 1), file]));
  const written = result.files.filter((f) => f.written).length;
  const check: CheckResult = {
    name: 'extraction',
    status: 'pass',
    summary:
      written === files.size
        ? `${files.size} files extracted safely into ${topFolder}/`
        : `${files.size} files read safely from ${topFolder}/, ${written} documents extracted (media verified in the stream)`,
    problems: [],
  };
  return { check, view: { root: path.join(dir, topFolder), topFolder, files } };
}

/**
 * Fixity of the whole bundle: checksums.sha256, or for a BagIt bag (a top folder holding
 * bagit.txt) the bag's own validation.
 */
async function checkIntegrity(view: BundleView): Promise<CheckResult> {
  if (view.files.has(BAG_DECLARATION_FILE)) return checkBag(view);
  return checkChecksums(view, await readBundleDoc(view, CHECKSUMS_FILE, false));
}

/** The integrity check on the whole bundle, then the document checks on its payload (a bag's data/). */
async function bundleChecks(view: BundleView, opts: ColdTestOptions): Promise<CheckResult[]> {
  const payload = view.files.has(BAG_DECLARATION_FILE) ? folderView(view, PAYLOAD_DIR) : view;
  const [manifest, library, pins, readme, metadataCsv, contactSheet] = await Promise.all([
    readBundleDoc(payload, MANIFEST_FILE, true),
    readBundleDoc(payload, LIBRARY_FILE, true),
    readBundleDoc(payload, PINS_FILE, true),
    readBundleDoc(payload, README_FILE, false),
    readBundleDoc(payload, METADATA_CSV_FILE, false),
    readBundleDoc(payload, CONTACT_SHEET_FILE, false),
  ]);
  return [
    await checkIntegrity(view),
    checkManifest(payload, manifest, library),
    checkPromptLibrary(payload, library),
    checkMetadataCsv(payload, metadataCsv),
    checkContactSheet(payload, contactSheet),
    checkPins(payload, pins, library),
    checkReadme(readme, library, manifest),
    await checkRegeneration(library, pins, {
      ...opts,
      genAi: typeof opts.genAi === 'function' ? opts.genAi(payload.root) : opts.genAi,
    }),
    await checkWhiteLabel(view, opts.whiteLabel?.rules ?? DEFAULT_LEAK_RULES, {
      keep: opts.whiteLabel?.keep,
      keepMetadataIn: opts.whiteLabel?.keepMetadataIn,
      allowTermsIn: [README_FILE, `${PAYLOAD_DIR}/${README_FILE}`],
    }),
  ];
}

/**
 * Cold-test a bundle zip the way the receiving team meets it: extract it safely into a clean
 * folder (hashing while extracting), then check checksums (or the BagIt bag), manifest, prompt
 * library, docs/metadata.csv and index.html, pins, the README's worked example and a dry-run regeneration. Problems are reported as failed checks;
 * only a missing zip or an unusable workDir throws.
 */
export async function coldTestBundle(opts: ColdTestOptions): Promise<ColdTestReport> {
  const logger = opts.logger ?? silentLogger;
  const zip = path.resolve(opts.zip);
  const stat = await fs.stat(zip).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new HandoffError({
      code: 'IO',
      file: zip,
      message: 'bundle zip not found',
      hint: 'build it with `nx run <client>:handoff` (the Nx cache keeps its build record, not the zip), or fix the zip path',
    });
  }
  const dir = await prepareWorkDir(opts.workDir, opts.tempRoot);
  try {
    const limits = { ...DEFAULT_EXTRACT_LIMITS, ...opts.limits };
    // One read of the zip: every entry checked, image metadata read for the white-label gate, and
    // the zip's own sha256, all from the same bytes (see scanZip). A zip that cannot be read that
    // way (or not at all) has its sha256 computed on its own.
    const extracted = await extractZipSafely(zip, dir, limits, {
      analyzeImages: { keep: opts.whiteLabel?.keep },
      writeIf: opts.extractAll ? undefined : writtenForChecks,
      progress: opts.progress === false ? undefined : (opts.progress ?? process.stderr),
    });
    const zipSha256 = extracted.zipSha256 ?? (await sha256FileAside(zip));
    const { check, view } = extractionCheck(extracted, dir);
    const checks = [check];
    if (view) checks.push(...(await bundleChecks(view, opts)));
    else
      checks.push(
        ...AFTER_EXTRACTION.map((name): CheckResult => ({
          name,
          status: 'skip',
          summary: 'skipped: extraction failed',
          problems: [],
        })),
      );
    for (const c of checks) logger[c.status === 'fail' ? 'warn' : 'info'](formatCheckLine(c));
    const options = { all: opts.all ?? false, requireCli: opts.requireCli ?? false };
    return {
      zip,
      zipSha256,
      ok: checks.every((c) => c.status !== 'fail'),
      options,
      checkedAt: new Date().toISOString(),
      checks,
    };
  } finally {
    if (!opts.workDir) await fs.rm(dir, { recursive: true, force: true });
  }
}

function formatCheckLine(c: CheckResult): string {
  return `${c.status.toUpperCase()} ${c.name}  ${c.summary}`;
}

/** One line per check: `PASS checksums  52 files match`. */
export function formatColdTestSummary(report: ColdTestReport): string {
  return report.checks.map(formatCheckLine).join('\n');
}

/** The report as JSON, written atomically (beside the zip: see coldTestReportPath). */
export async function writeColdTestReport(report: ColdTestReport, reportFile: string): Promise<void> {
  await writeFileAtomic(reportFile, `${JSON.stringify(report, null, 2)}\n`);
}
