import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LoadedClient } from '../types';
import { stripMarkdownComments } from './markdown';
import { stripValue } from './strip';

/**
 * What white-labelling removes from the brand documents when they ship (the document stage
 * strips them): internal fields of brand-system.json, HTML comments of the brand rules. Counted
 * here so the removed categories name them. Unreadable documents count nothing (reported elsewhere).
 */
export async function brandDocRemovals(client: LoadedClient): Promise<{ fields: number; comments: number }> {
  const read = (rel: string) => fs.readFile(path.resolve(client.clientRoot, rel), 'utf8').catch(() => '');
  const count = { tags: 0, fields: 0 };
  try {
    stripValue(JSON.parse(await read(client.config.brand.system)), client.config.strip, count);
  } catch {
    // not JSON: the document stage reports it
  }
  return {
    fields: count.fields + count.tags,
    comments: stripMarkdownComments(await read(client.config.brand.rules)).removed,
  };
}
