import { BLOCK_BEGIN, BLOCK_END, mediaIgnoreBlock, updateMediaIgnore } from './media-ignore';

describe('.nxignore media block', () => {
  const block = (dirs: string[]) => mediaIgnoreBlock(dirs).join('\n');

  it('appends after the user lines, once, and is idempotent', () => {
    const once = updateMediaIgnore('dist\n# mine\n', ['clients/acme']);
    expect(once).toBe(`dist\n# mine\n\n${block(['clients/acme'])}\n`);
    expect(updateMediaIgnore(once, ['clients/acme'])).toBe(once);
  });

  it('replaces the block in place, keeping lines before and after it', () => {
    const text = `a\n${BLOCK_BEGIN}\nold line\n${BLOCK_END}\nb\n`;
    expect(updateMediaIgnore(text, ['clients/z', 'clients/b'])).toBe(`a\n${block(['clients/b', 'clients/z'])}\nb\n`);
  });

  it('removes the block when no client is left, and empties a file that only held it', () => {
    expect(updateMediaIgnore(`a\n${block(['x'])}\n`, [])).toBe('a\n');
    expect(updateMediaIgnore(`${block(['x'])}\n`, [])).toBe('');
    expect(updateMediaIgnore('', [])).toBe('');
  });

  it('writes one line per client and media extension, sorted by client', () => {
    const lines = mediaIgnoreBlock(['clients/b', 'clients/a', 'clients/a']);
    expect(lines[0]).toBe(BLOCK_BEGIN);
    expect(lines.at(-1)).toBe(BLOCK_END);
    expect(lines.filter((l) => l.endsWith('*.[pP][nN][gG]'))).toEqual([
      '/clients/a/**/*.[pP][nN][gG]',
      '/clients/b/**/*.[pP][nN][gG]',
    ]);
  });
});
