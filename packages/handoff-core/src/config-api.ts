/**
 * The light entry point `@nx-handoff/core/config`: schemas, paths and errors, without the pipeline
 * (no zip, Handlebars or execa). The Nx project-graph plugin and the generators import only this,
 * so every `nx` command stays fast.
 */
export {
  clientConfigSchema,
  workspaceConfigSchema,
  type ClientConfig,
  type ClientConfigInput,
} from './config/client-config';
export { modelRegistrySchema, isPinnedModelId, type ModelRegistry } from './config/bundle-schemas';
export { parseAndValidate, displayPath } from './config/read-json';
export { CLIENT_CONFIG_FILE, SLUG_RE } from './config/load-client';
export {
  handoffPaths,
  zipFileName,
  topFolderName,
  coldTestReportPath,
  DEFAULT_OUTPUT_DIR,
  REGISTRY_FILE,
  TEMPLATE_OVERRIDE_DIR,
  WORKSPACE_CONFIG_FILE,
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
export { ledgerSchema, LEDGER_FILE, findLedgerVersion, type Ledger, type LedgerVersion } from './ledger/ledger-schema';
export { sha256File } from './bundle/sha256-file';
export * from './assets-lock';
export { destinationName } from './config/deliver-schema';
export { PLACEHOLDER_MARKER } from './config/placeholders';
