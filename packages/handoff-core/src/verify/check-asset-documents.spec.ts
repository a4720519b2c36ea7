import type { BundleDoc, BundleView, ViewFile } from './bundle-view';
import { checkContactSheet, checkMetadataCsv, pageReferences } from './check-asset-documents';

const A = { size: 10, sha256: 'a'.repeat(64) };
const B = { size: 20, sha256: 'b'.repeat(64) };

function view(
  files: Record<string, ViewFile> = { 'assets/x/a b.png': A, 'assets/y/b.jpg': B, 'README.md': A, 'index.html': A },
): BundleView {
  return { root: '/nowhere', topFolder: 'acme-handoff-v1', files: new Map(Object.entries(files)) };
}
const doc = (rel: string, text?: string): BundleDoc => ({ rel, present: text !== undefined, text, problems: [] });
const csv = (...rows: string[]) => doc('docs/metadata.csv', ['path,title,bytes,sha256', ...rows].join('\r\n') + '\r\n');
const rowA = `"assets/x/a b.png",a,10,${A.sha256}`;
const rowB = `assets/y/b.jpg,b,20,${B.sha256}`;

describe('cold test: docs/metadata.csv', () => {
  it('passes with one row per asset carrying its sha256 and size', () => {
    expect(checkMetadataCsv(view(), csv(rowA, rowB))).toMatchObject({
      status: 'pass',
      summary: '2 rows, one per asset, sha256 and sizes match',
    });
  });

  it('fails on a missing, doubled, foreign or stale row, and on broken CSV', () => {
    expect(checkMetadataCsv(view(), csv(rowA)).problems).toEqual(['docs/metadata.csv: no row for assets/y/b.jpg']);
    expect(checkMetadataCsv(view(), csv(rowA, rowB, rowB)).problems).toEqual([
      'docs/metadata.csv row 4: assets/y/b.jpg is listed twice',
    ]);
    expect(checkMetadataCsv(view(), csv(rowA, rowB, `README.md,r,10,${A.sha256}`)).problems).toEqual([
      'docs/metadata.csv row 4: README.md is not an asset of the bundle',
    ]);
    expect(checkMetadataCsv(view(), csv(rowA, `assets/y/b.jpg,b,21,${B.sha256}`)).problems[0]).toMatch(
      /row 3: assets\/y\/b.jpg says sha256 bbbbbbbbbbbb… \/ 21 bytes, the file has bbbbbbbbbbbb… \/ 20/,
    );
    expect(checkMetadataCsv(view(), csv(rowA, 'assets/y/b.jpg,"b,20')).status).toBe('fail');
    expect(checkMetadataCsv(view(), doc('docs/metadata.csv', 'file,title\r\nx,y\r\n')).problems[0]).toMatch(
      /needs path, sha256 and bytes columns/,
    );
  });

  it('is skipped for a bundle without one', () => {
    expect(checkMetadataCsv(view(), doc('docs/metadata.csv')).status).toBe('skip');
  });
});

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file:">`;
const page = (body: string) => doc('index.html', `<!DOCTYPE html><html><head>${CSP}</head><body>${body}</body></html>`);

describe('cold test: index.html', () => {
  it('passes when every reference is a file inside the bundle', () => {
    const html =
      '<a href="README.md">r</a><img src="assets/x/a%20b.png" loading="lazy"><a href="#top">top</a><a href=\'assets/y/b.jpg\'>b</a>';
    expect(checkContactSheet(view(), page(html))).toMatchObject({ status: 'pass', problems: [] });
  });

  it('fails on network URLs, paths leaving the bundle, absolute paths and missing files', () => {
    const html =
      '<img src="https://cdn.example/x.png"><script src="//cdn.example/x.js"></script><img src="../secret.png">' +
      '<img src="/etc/passwd"><img src="assets/x/missing.png"><div style="background:url(&quot;http://x.example/a.png&quot;)"></div>';
    expect(checkContactSheet(view(), page(html)).problems).toEqual([
      'index.html: https://cdn.example/x.png is not a relative path inside the bundle',
      'index.html: //cdn.example/x.js is not a relative path inside the bundle',
      'index.html: ../secret.png points outside the bundle',
      'index.html: /etc/passwd is not a relative path inside the bundle',
      'index.html: assets/x/missing.png names assets/x/missing.png, which is not in the bundle',
      'index.html: http://x.example/a.png is not a relative path inside the bundle',
    ]);
  });

  it('fails without a no-network Content-Security-Policy; is skipped when there is no page', () => {
    expect(checkContactSheet(view(), doc('index.html', '<html><img src="README.md"></html>')).problems).toEqual([
      "index.html: no Content-Security-Policy with default-src 'none'",
    ]);
    expect(checkContactSheet(view(), doc('index.html')).status).toBe('skip');
    expect(pageReferences('<img srcset="a.png 1x">')).toEqual(['a.png 1x']);
  });
});
