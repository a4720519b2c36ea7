import { promises as fs } from 'node:fs';
import type { AssetFile } from '../types';
import { stripValue, type StripRules } from './strip';

/** JSON assets above this size ship as they are (and are still scanned by the gates). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Every shipped JSON asset loses its internal fields and tags like results.json does. A file that
 * needs no change keeps its exact bytes; a changed one ships re-serialised (`content`).
 */
export async function stripJsonAssets(
  assets: AssetFile[],
  rules: StripRules,
): Promise<{ assets: AssetFile[]; fieldsRemoved: number }> {
  let fieldsRemoved = 0;
  const out: AssetFile[] = [];
  for (const a of assets) {
    if (!/\.json$/i.test(a.rel) || a.size > MAX_JSON_BYTES) {
      out.push(a);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(await fs.readFile(a.abs, 'utf8'));
    } catch {
      out.push(a); // not JSON after all: shipped as is, still scanned for leaks
      continue;
    }
    const count = { tags: 0, fields: 0 };
    const stripped = stripValue(value, rules, count);
    if (count.tags + count.fields === 0) {
      out.push(a);
      continue;
    }
    fieldsRemoved += count.fields + count.tags;
    const content = Buffer.from(`${JSON.stringify(stripped, null, 2)}\n`, 'utf8');
    out.push({ ...a, size: content.length, content });
  }
  return { assets: out, fieldsRemoved };
}
