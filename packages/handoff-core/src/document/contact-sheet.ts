import { createHash } from 'node:crypto';
import { formatBytes } from '@nx-handoff/templates';
import { compareCodeUnits } from '../fs/safe-path';
import { TRAINED_ALGORITHMIC_MEDIA } from '../config/digital-source-type';
import { CONTACT_SHEET_CSS, CONTACT_SHEET_SCRIPT } from './contact-sheet-assets';
import type { ShippedRecord } from './metadata-csv';

/** What the page says about the bundle as a whole. */
export interface ContactSheetInfo {
  client: string;
  version: number;
  date: string;
  /** Bundle paths linked from the header. */
  readme: string;
  metadataCsv: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value, escaped for HTML (prompts and rights texts are untrusted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A bundle path as a relative URL: each segment percent-encoded, so `#`, `?`, `%` and spaces stay in the name. */
export function relativeUrl(bundlePath: string): string {
  return bundlePath.split('/').map(encodeURIComponent).join('/');
}

const cspHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * No network and nothing but the bundle's own files: images and media from the page's folder
 * (`'self'`; `file:` because Chromium treats every file:// URL as a unique origin), the one
 * inline stylesheet and script by hash.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "img-src 'self' file:",
    "media-src 'self' file:",
    `style-src ${cspHash(CONTACT_SHEET_CSS)}`,
    `script-src ${cspHash(CONTACT_SHEET_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function preview(r: ShippedRecord): string {
  const url = escapeHtml(relativeUrl(r.path));
  const size = r.width && r.height ? ` width="${r.width}" height="${r.height}"` : '';
  if (r.mediaType === 'image')
    return `<a href="${url}"><img src="${url}" alt="${escapeHtml(r.title)}" loading="lazy" decoding="async"${size}></a>`;
  if (r.mediaType === 'video') return `<video src="${url}" controls preload="metadata"${size}></video>`;
  const ext = r.path.slice(r.path.lastIndexOf('.') + 1).toUpperCase();
  return `<a class="file" href="${url}">${escapeHtml(ext)} file</a>`;
}

function rightsText(r: ShippedRecord): string {
  const ai = r.digitalSourceType
    ? `<span class="ai" title="${escapeHtml(r.digitalSourceType)}">${r.digitalSourceType === TRAINED_ALGORITHMIC_MEDIA ? 'AI-generated' : 'AI'}</span>`
    : '';
  if (r.rightsKind === 'generated') return `Generated${ai}`;
  const kind = r.rightsKind.replace(/-/g, ' ');
  const kindText = kind.charAt(0).toUpperCase() + kind.slice(1);
  return `${escapeHtml(kindText)}${r.attribution ? ` — ${escapeHtml(r.attribution)}` : ''}${ai}`;
}

function card(r: ShippedRecord): string {
  const rows: Array<[string, string]> = [
    ['File', `<a href="${escapeHtml(relativeUrl(r.path))}">${escapeHtml(r.path)}</a>`],
  ];
  if (r.modelId) rows.push(['Model', `<code>${escapeHtml(r.modelId)}</code>`]);
  if (r.seed !== undefined) rows.push(['Seed', String(r.seed)]);
  if (r.jobId) rows.push(['Job', `<code>${escapeHtml(r.jobId)}</code>`]);
  rows.push(['Rights', rightsText(r)]);
  const px = r.width && r.height ? `${r.width} × ${r.height} px · ` : '';
  rows.push(['Size', `${px}${escapeHtml(formatBytes(r.size))}`]);
  const prompt = r.prompt ? `<p class="prompt">${escapeHtml(r.prompt)}</p>` : '';
  const dl = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  return `<li class="card" data-campaign="${escapeHtml(r.campaign)}"><div class="thumb">${preview(r)}</div><dl>${prompt}${dl}</dl></li>`;
}

function campaignsOf(records: readonly ShippedRecord[]): Array<[string, ShippedRecord[]]> {
  const by = new Map<string, ShippedRecord[]>();
  for (const r of records) by.set(r.campaign, [...(by.get(r.campaign) ?? []), r]);
  return [...by].sort(([a], [b]) => compareCodeUnits(a, b));
}

/**
 * index.html: a static, offline contact sheet of the assets by campaign, with each one's prompt,
 * pinned model, seed, rights and size; a campaign filter and a text search (inline script). Loads
 * the originals lazily, with their pixel size set so nothing shifts. Deterministic bytes.
 */
export function renderContactSheet(info: ContactSheetInfo, records: readonly ShippedRecord[]): Buffer {
  const campaigns = campaignsOf(records);
  const title = `${info.client} — handoff v${info.version}`;
  const options = campaigns
    .map(([name, rs]) => `<option value="${escapeHtml(name)}">${escapeHtml(name)} (${rs.length})</option>`)
    .join('');
  const sections = campaigns
    .map(
      ([name, rs]) =>
        `<section class="campaign" data-campaign="${escapeHtml(name)}"><h2>${escapeHtml(name)} <span class="n">${rs.length}</span></h2>\n<ul class="grid">\n${rs.map(card).join('\n')}\n</ul></section>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CONTACT_SHEET_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Delivered ${escapeHtml(info.date)} · ${records.length} assets in ${campaigns.length} campaigns · <a href="${escapeHtml(relativeUrl(info.readme))}">README</a> · <a href="${escapeHtml(relativeUrl(info.metadataCsv))}">${escapeHtml(info.metadataCsv)}</a></p>
<div class="controls">
<label>Campaign <select id="campaign"><option value="">All campaigns (${records.length})</option>${options}</select></label>
<label>Search <input id="search" type="search" placeholder="prompt, model, seed, file name…"></label>
<output id="count">${records.length} of ${records.length} shown</output>
</div>
</header>
<main>
${sections}
</main>
<script>${CONTACT_SHEET_SCRIPT}</script>
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
