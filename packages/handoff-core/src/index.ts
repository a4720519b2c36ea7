/** Public API of @nx-handoff/core. Stages are exported for tools and tests; most callers need the
 * run* functions of the pipeline. */
export {
  prepareClient,
  runPin,
  runPackage,
  runColdTest,
  type PipelineOptions,
  type ColdTestRunOptions,
} from './pipeline';
export {
  ensureBundle,
  ensureVerifiedBundle,
  locateBundle,
  type EnsuredBundle,
  type VerifiedBundle,
  type ColdTestStrictness,
} from './ensure-bundle';
export {
  inspectBuiltZip,
  readBuildRecord,
  builtZipSchema,
  buildRecordSchema,
  type BuildRecord,
  type BuiltZipState,
} from './bundle/built-zip';

export { loadClient, CLIENT_CONFIG_FILE, SLUG_RE } from './config/load-client';
export { clientConfigSchema, type ClientConfigInput } from './config/client-config';
export { resultsSchema, jobSchema } from './config/results-schema';
export {
  manifestSchema,
  promptLibrarySchema,
  modelPinsDocSchema,
  modelRegistrySchema,
  isPinnedModelId,
  type HandoffManifest,
  type PromptLibrary,
  type ModelPinsDoc,
  type ModelRegistry,
} from './config/bundle-schemas';
export { parseAndValidate, readJsonFile, displayPath } from './config/read-json';

export { runCheck, type CheckOptions, type CheckReport } from './check/run-check';
export { formatCheckReport } from './check/format-report';

export { inventoryClient, takeInventory } from './inventory/inventory';
export { filterApproved, NEVER_SHIP_GLOBS } from './filter/filter';
export { stripInternal, stripValue } from './strip/strip';
export { digitalSourceTypeFor } from './strip/image-policy';
export { digitalSourceTypeOf, TRAINED_ALGORITHMIC_MEDIA, DIGITAL_SOURCE_TYPE_BASE } from './config/digital-source-type';
export { pinModels } from './pin/pin';
export { loadRegistry, REGISTRY_FILE } from './pin/registry';
export { buildBundlePlan } from './document/build-plan';
export { TEMPLATE_OVERRIDE_DIR } from './document/render';
export { packageBundle } from './package';
export { coldTestBundle, formatColdTestSummary, writeColdTestReport } from './verify';
export { verifyBag, type BagVerification } from './verify/bagit/verify-bag';
export { createGenAiClient, scrubbedEnv, type GenAiClient } from './genai';
export {
  runRegenProof,
  proveRegeneration,
  regenProofPaths,
  EQUIVALENCE_THRESHOLDS,
  type RegenProofRunOptions,
  type RegenProofReport,
  type ProofOutcome,
  type ProofPlan,
} from './regen-proof';
export { runUpscale, DEFAULT_UPSCALER, type UpscaleOptions, type UpscaleResult } from './upscale';

export { deliverVersion, type DeliverOptions, type DeliverResult, type DestinationOutcome } from './deliver/deliver';
export { deliverConfigSchema, type DeliverConfig, type Destination } from './config/deliver-schema';
export { readLedger, formatLedger } from './ledger/ledger-file';
export {
  ledgerSchema,
  LEDGER_FILE,
  ledgerPath,
  findLedgerVersion,
  previousLedgerVersion,
  type Ledger,
  type LedgerVersion,
} from './ledger/ledger-schema';

export {
  handoffPaths,
  zipFileName,
  topFolderName,
  coldTestReportPath,
  DEFAULT_OUTPUT_DIR,
  type HandoffPaths,
} from './paths';
export {
  HandoffError,
  isHandoffError,
  formatHandoffError,
  formatProblem,
  type Problem,
  type ErrorCode,
} from './errors';
export * from './types';
export * from './assets-lock';
