import type { BundleFile, LoadedClient, ShippedFile } from '../types';
import type { AssetRecord } from './asset-records';
import { BUNDLE_FILES } from '../bundle/bundle-files';
import { renderContactSheet } from './contact-sheet';
import { damProfiles } from './dam-profiles';
import { formatCsv, METADATA_CSV, withShipped, type CsvProfile } from './metadata-csv';

type Shipped = (planPath: string) => ShippedFile | undefined;

function csvFile(profile: CsvProfile, records: readonly AssetRecord[]): BundleFile {
  return {
    path: profile.path,
    source: {
      kind: 'derived',
      build: (shipped: Shipped) => formatCsv(profile, withShipped(records, shipped, profile.path)),
    },
  };
}

/**
 * The documents that describe every asset with the sha256 and size of its shipped bytes:
 * docs/metadata.csv, the DAM files `dam` asks for and index.html. They are built while packaging,
 * from the hashes of the single read pass (all of them sort after `assets/`).
 */
export function planAssetDocuments(client: LoadedClient, records: readonly AssetRecord[]): BundleFile[] {
  const { config } = client;
  const info = {
    client: config.client,
    version: config.version,
    date: config.date,
    readme: BUNDLE_FILES.readme,
    metadataCsv: BUNDLE_FILES.metadata,
  };
  const contactSheet: BundleFile = {
    path: BUNDLE_FILES.contactSheet,
    source: {
      kind: 'derived',
      build: (shipped: Shipped) => renderContactSheet(info, withShipped(records, shipped, BUNDLE_FILES.contactSheet)),
    },
  };
  return [
    csvFile(METADATA_CSV, records),
    ...damProfiles(config.dam, client.slug).map((p) => csvFile(p, records)),
    contactSheet,
  ];
}
