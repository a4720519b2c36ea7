export { packageBundle, type PackageOptions } from './package-bundle';
export { planLayout } from './bundle-layout';
export {
  CHECKSUMS_FILE,
  STORED_EXTENSIONS,
  DEFLATE_LEVEL,
  shouldStore,
  entryDate,
  planEntries,
  needsZip64,
  type ZipEntrySpec,
  type EntrySource,
  type GeneratedSource,
  type WrittenFile,
} from './bundle-entries';
export { formatChecksumsFile, parseChecksumsFile, type ParsedChecksums } from '../bundle/checksums-file';
export { HashStream, type HashStreamOptions } from './hash-stream';
export { ENTRY_MODE } from './zip-writer';
