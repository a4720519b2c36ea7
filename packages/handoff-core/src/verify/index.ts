export { coldTestBundle, formatColdTestSummary, writeColdTestReport, type ColdTestOptions } from './cold-test';
export { extractZipSafely, type ExtractedFile, type ExtractResult, type ExtractOptions } from './extract-zip';
export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './entry-safety';
export { checkPayloadOffline } from './offline-payload';
export { generateRequestFor } from './check-regeneration';
export { checkEntryName, findNameConflicts, type NameConflict } from '../bundle/entry-name-rules';
export { checkBag } from './check-bag';
export { folderView } from './bundle-view';
