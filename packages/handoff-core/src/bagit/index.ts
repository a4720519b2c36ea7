export {
  BAG_DECLARATION,
  BAG_DECLARATION_FILE,
  BAG_INFO_FILE,
  BAG_README_FILE,
  PAYLOAD_DIR,
  PAYLOAD_MANIFEST_FILE,
  TAG_MANIFEST_FILE,
} from './bag-files';
export {
  encodeManifestPath,
  decodeManifestPath,
  formatManifest,
  parseManifest,
  type ParsedManifest,
} from './manifest-file';
export {
  formatTagField,
  formatTagFile,
  parseTagFile,
  TAG_LINE_WIDTH,
  type TagField,
  type ParsedTagFile,
} from './tag-file';
