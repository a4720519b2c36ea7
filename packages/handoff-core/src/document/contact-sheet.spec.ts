import { createHash } from 'node:crypto';
import { contentSecurityPolicy, escapeHtml, relativeUrl, renderContactSheet } from './contact-sheet';
import { sampleRecords } from './fixtures/sample-records';

const INFO = {
  client: 'Acme <Ltd> & "Co"',
  version: 2,
  date: '2026-04-22',
  readme: 'README.md',
  metadataCsv: 'docs/metadata.csv',
};

const inline = (html: string, tag: string): string => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)![1];
const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('index.html (contact sheet)', () => {
  it('escapes every untrusted text: prompts, names, attributions', () => {
    const [gen, stock] = sampleRecords();
    const hostile = {
      ...gen,
      prompt: '</p><script>alert(1)</script><img src=x onerror=alert(2)>',
      campaign: 'spr"ing',
      title: '<b>t</b>',
    };
    const html = renderContactSheet(INFO, [hostile, { ...stock, attribution: '<i>Photo</i> & co' }]).toString('utf8');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('data-campaign="spr&quot;ing"');
    expect(html).toContain('&lt;i&gt;Photo&lt;/i&gt; &amp; co');
    expect(html).toContain('<title>Acme &lt;Ltd&gt; &amp; &quot;Co&quot; — handoff v2</title>');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('allows only the inline style and script it carries, by hash, and no network', () => {
    const html = renderContactSheet(INFO, sampleRecords()).toString('utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    expect(csp).toBe(contentSecurityPolicy());
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(inline(html, 'script'))}`);
    expect(csp).toContain(`style-src ${hash(inline(html, 'style'))}`);
    expect(csp).not.toMatch(/https?:|unsafe-eval|\*/);
    expect(html).not.toMatch(/https?:\/\/(?!cv\.iptc\.org\/newscodes)/); // the IPTC URI is a title text, never fetched
    expect(html).not.toMatch(/\sstyle="/); // inline style attributes would need 'unsafe-hashes'
  });

  it('references the assets by relative, percent-encoded paths, lazily, with their pixel size', () => {
    const html = renderContactSheet(INFO, sampleRecords()).toString('utf8');
    expect(html).toContain(
      '<img src="assets/spring/hero%2001%23a.png" alt="hero 01#a" loading="lazy" decoding="async" width="320" height="180">',
    );
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual([
      'README.md',
      'assets/spring/hero%2001%23a.png',
      'assets/spring/hero%2001%23a.png',
      'assets/spring/hero%2001%23a.png',
      'assets/stock/photo.jpg',
      'assets/stock/photo.jpg',
      'assets/stock/photo.jpg',
      'docs/metadata.csv',
    ]);
    expect(relativeUrl('assets/a b/é?.png')).toBe('assets/a%20b/%C3%A9%3F.png');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('groups by campaign with counts, labels rights, and is byte-identical for the same input', () => {
    const records = sampleRecords();
    const a = renderContactSheet(INFO, records);
    expect(renderContactSheet(INFO, [...records]).equals(a)).toBe(true);
    const html = a.toString('utf8');
    expect(html).toContain('<option value="spring">spring (1)</option><option value="stock">stock (1)</option>');
    expect(html).toContain('Generated<span class="ai"');
    expect(html).toContain('Licensed stock — Photo: Ana / Lumen');
    expect(html).toContain('<code>recraftv4@2026-03-15</code>');
    expect(html).toContain('320 × 180 px · 13 KB');
  });
});
