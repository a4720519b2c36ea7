import { MAX_PORTABLE_PATH, windowsNameProblem } from './portable-names';

describe('windowsNameProblem', () => {
  it.each([
    ['acme-handoff-v1/assets/spring/CON.png', /reserved device name on Windows \(CON/],
    ['acme-handoff-v1/assets/aux/hero.png', /"aux" is a reserved/],
    ['acme-handoff-v1/assets/spring/lpt9.tar.gz', /LPT9/],
    ['acme-handoff-v1/assets/spring/Nul .txt', /NUL/],
    ['acme-handoff-v1/assets/spring/hero: final.png', /contains ":"/],
    ['acme-handoff-v1/assets/spring/what?.png', /contains "\?"/],
    ['acme-handoff-v1/assets/spring/a\u0007b.png', /control character U\+0007/],
    ['acme-handoff-v1/assets/spring/hero.', /ends with a dot/],
    ['acme-handoff-v1/assets/spring /hero.png', /ends with a space/],
  ])('refuses %j', (name, why) => {
    expect(windowsNameProblem(name)).toMatch(why);
  });

  it('refuses a path over the limit and accepts ordinary names', () => {
    const long = `acme-handoff-v1/assets/${'a'.repeat(MAX_PORTABLE_PATH)}.png`;
    expect(windowsNameProblem(long)).toMatch(/characters long, over 240/);
    for (const ok of [
      'acme-handoff-v1/assets/spring/console.png',
      'acme-handoff-v1/assets/com10.png',
      'acme-handoff-v1/assets/café 1.png',
      'acme-handoff-v1/.well-known/x',
    ]) {
      expect(windowsNameProblem(ok)).toBeUndefined();
    }
  });
});
