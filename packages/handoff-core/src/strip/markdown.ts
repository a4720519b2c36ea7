import { promises as fs } from 'node:fs';
import type { AssetFile } from '../types';

/** Markdown assets above this size ship as they are (and are still scanned by the gates). */
const MAX_MARKDOWN_BYTES = 16 * 1024 * 1024;
const MARKDOWN = /\.(md|markdown)$/i;
const FENCE = /^ {0,3}(```|~~~)/;

/** Remove `<!-- ... -->` from prose (not from fenced code blocks); a line left empty by it goes too. */
function stripProse(text: string, count: { comments: number }): string {
  const drop = () => {
    count.comments++;
    return '';
  };
  // A comment on its own line(s) takes the line with it; one inside a line leaves the rest.
  return text.replace(/^[ \t]*<!--[\s\S]*?-->[ \t]*(?:\r?\n|$)/gm, drop).replace(/<!--[\s\S]*?-->/g, drop);
}

/**
 * Markdown without its HTML comments: where agencies leave internal notes in brand rules and copy
 * decks. Strip, don't redact. Fenced code blocks are kept as they are.
 */
export function stripMarkdownComments(text: string): { text: string; removed: number } {
  const count = { comments: 0 };
  const parts: string[] = [];
  let prose: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (prose.length) parts.push(stripProse(prose.join(''), count));
    prose = [];
  };
  for (const line of text.split(/(?<=\n)/)) {
    const m = FENCE.exec(line);
    if (fence === undefined && m) {
      flush();
      fence = m[1];
      parts.push(line);
    } else if (fence !== undefined) {
      parts.push(line);
      if (m && m[1] === fence) fence = undefined;
    } else prose.push(line);
  }
  flush();
  return { text: parts.join(''), removed: count.comments };
}

/** Every shipped Markdown asset without its HTML comments; an unchanged file keeps its bytes. */
export async function stripMarkdownAssets(
  assets: AssetFile[],
): Promise<{ assets: AssetFile[]; commentsRemoved: number }> {
  let commentsRemoved = 0;
  const out: AssetFile[] = [];
  for (const a of assets) {
    if (a.content || !MARKDOWN.test(a.rel) || a.size > MAX_MARKDOWN_BYTES) {
      out.push(a);
      continue;
    }
    const { text, removed } = stripMarkdownComments(await fs.readFile(a.abs, 'utf8'));
    if (removed === 0) {
      out.push(a);
      continue;
    }
    commentsRemoved += removed;
    const content = Buffer.from(text, 'utf8');
    out.push({ ...a, size: content.length, content });
  }
  return { assets: out, commentsRemoved };
}
