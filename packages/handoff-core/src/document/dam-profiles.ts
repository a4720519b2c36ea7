import { DAM_FORMATS, type DamFormat } from '../config/client-config';
import type { CsvColumn, CsvProfile, ShippedRecord } from './metadata-csv';

export { DAM_FORMATS, type DamFormat };

const belowAssets = (p: string): string => p.replace(/^assets\//, '');

/** A single-valued AEM property column: `name {{Type}}` (the type is case-insensitive, String by default). */
const aem = (property: string, type: string, value: CsvColumn[1]): CsvColumn => [`${property} {{${type}}}`, value];

/**
 * Adobe Experience Manager Assets, metadata import (Assets > Create > Metadata): the first row is
 * the schema, the first column `assetPath` holds the absolute DAM path of each asset, the other
 * headers are `<property> {{<Type>}}` (multi-valued: `{{String: multi}}`, values split on the
 * default multi-value delimiter `|`). The DAM folder is `/content/dam/<slug>/`, below which the
 * assets keep their bundle folders; upload them there, or replace the prefix before importing.
 */
function aemProfile(slug: string): CsvProfile {
  return {
    format: 'aem',
    label: `an Adobe Experience Manager Assets metadata import file (first column \`assetPath\`: \`/content/dam/${slug}/...\`; change the folder to yours)`,
    path: 'docs/dam/aem-metadata.csv',
    columns: [
      ['assetPath', (r) => `/content/dam/${slug}/${belowAssets(r.path)}`],
      aem('dc:title', 'String', (r) => r.title),
      aem('dc:description', 'String', (r) => r.prompt),
      ['dc:subject {{String: multi}}', (r) => r.keywords.map((k) => k.replace(/\|/g, ' ')).join('|')],
      aem('photoshop:Credit', 'String', (r) => r.credit),
      aem('dc:rights', 'String', (r) => r.copyrightNotice),
      aem('xmpRights:UsageTerms', 'String', (r) => r.usageTerms),
      aem('photoshop:DateCreated', 'String', (r) => r.dateCreated),
      aem('Iptc4xmpExt:DigitalSourceType', 'String', (r) => r.digitalSourceType),
      aem('Iptc4xmpExt:AISystemUsed', 'String', (r) => r.aiSystem),
      aem('Iptc4xmpExt:AISystemVersionUsed', 'String', (r) => r.aiSystemVersion),
      aem('Iptc4xmpExt:AIPromptInformation', 'String', (r) => r.prompt),
      aem('tiff:ImageWidth', 'Long', (r) => r.width),
      aem('tiff:ImageLength', 'Long', (r) => r.height),
    ],
  };
}

/**
 * Bynder Mass Uploader: `Filename` in column B links each row to the uploaded file by its name
 * (with its exact extension, case-sensitive); the other columns are mapped to the portal's
 * metaproperties by Bynder when the Mass Uploader is set up. Tags are comma-separated.
 */
const BYNDER: CsvProfile = {
  format: 'bynder',
  label:
    'a Bynder Mass Uploader CSV (files matched by `Filename`; Bynder maps the other columns to your metaproperties)',
  path: 'docs/dam/bynder-metadata.csv',
  columns: [
    ['Name', (r) => r.title],
    ['Filename', (r) => r.path.slice(r.path.lastIndexOf('/') + 1)],
    ['Description', (r) => r.prompt],
    [
      'Tags',
      (r) =>
        r.keywords
          .map((k) => k.replace(/[,\s]+/g, ' ').trim())
          .filter(Boolean)
          .join(','),
    ],
    ['Copyright', (r) => r.copyrightNotice || r.credit],
    ['Campaign', (r) => r.campaign],
    ['Credit', (r) => r.credit],
    ['Usage Terms', (r) => r.usageTerms],
    ['Date Created', (r) => r.dateCreated],
    ['Digital Source Type', (r) => r.digitalSourceType],
    ['AI System', (r) => r.aiSystem],
    ['AI System Version', (r) => r.aiSystemVersion],
    ['Seed', (r) => r.seed],
    ['Bundle Path', (r) => r.path],
    ['SHA-256', (r) => r.sha256],
  ],
};

const DCMI_TYPE: Record<ShippedRecord['mediaType'], string> = { image: 'StillImage', video: 'MovingImage', other: '' };

/**
 * Archivematica transfer metadata: `metadata/metadata.csv` at the top of the transfer, first column
 * `filename` with each file's path as `objects/<path in the transfer>`, Dublin Core elements as
 * `dc.<element>`; other headers are kept as non-DC metadata. The bundle folder (or a BagIt bag's
 * data/) is the transfer as it is.
 */
const ARCHIVEMATICA: CsvProfile = {
  format: 'archivematica',
  label:
    'Archivematica transfer metadata (`filename` as `objects/...`, Dublin Core `dc.*` columns): submit this folder as a transfer',
  path: 'metadata/metadata.csv',
  columns: [
    ['filename', (r) => `objects/${r.path}`],
    ['dc.title', (r) => r.title],
    ['dc.creator', (r) => r.credit],
    ['dc.subject', (r) => r.keywords.join('; ')],
    ['dc.description', (r) => r.prompt],
    ['dc.date', (r) => r.dateCreated],
    ['dc.type', (r) => DCMI_TYPE[r.mediaType]],
    ['dc.rights', (r) => [r.copyrightNotice, r.usageTerms].filter(Boolean).join('; ')],
    ['dc.relation', (r) => r.campaign],
    ['digital_source_type', (r) => r.digitalSourceType],
    ['ai_system', (r) => r.aiSystem],
    ['ai_system_version', (r) => r.aiSystemVersion],
    ['seed', (r) => r.seed],
    ['sha256', (r) => r.sha256],
  ],
};

/** The profile of each requested DAM format, in the order of DAM_FORMATS. */
export function damProfiles(formats: readonly DamFormat[], slug: string): CsvProfile[] {
  const wanted = new Set(formats);
  const all: Record<DamFormat, () => CsvProfile> = {
    aem: () => aemProfile(slug),
    bynder: () => BYNDER,
    archivematica: () => ARCHIVEMATICA,
  };
  return DAM_FORMATS.filter((f) => wanted.has(f)).map((f) => all[f]());
}
