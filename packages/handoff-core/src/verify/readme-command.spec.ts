import { findExampleCommand, parseGenerateArgs, splitShellWords } from './readme-command';

describe('splitShellWords', () => {
  it('handles single quotes with the embedded-quote idiom', () => {
    expect(splitShellWords(`gen-ai generate -m a@1 -p 'A fox'\\''s den' --seed 4`)).toEqual([
      'gen-ai',
      'generate',
      '-m',
      'a@1',
      '-p',
      "A fox's den",
      '--seed',
      '4',
    ]);
  });
  it('handles double quotes with escapes, literal $ in single quotes, and backslash escapes', () => {
    expect(splitShellWords(`-p "say \\"hi\\" \\$5 \\n" '$HOME' a\\ b`)).toEqual([
      '-p',
      'say "hi" $5 \\n',
      '$HOME',
      'a b',
    ]);
  });
  it('stops at an unquoted backtick or comment, and throws on an unterminated quote', () => {
    expect(splitShellWords('gen-ai generate -p x` and more')).toEqual(['gen-ai', 'generate', '-p', 'x']);
    expect(splitShellWords("gen-ai -p 'a`b' # note")).toEqual(['gen-ai', '-p', 'a`b']);
    expect(() => splitShellWords("-p 'open")).toThrow('unterminated single quote');
    expect(() => splitShellWords('-p "open')).toThrow('unterminated double quote');
  });
});

describe('findExampleCommand', () => {
  it('skips placeholder syntax lines and joins continuation lines', () => {
    const readme = [
      'Use `gen-ai generate -m <pinned model id> -p <prompt>`.',
      '',
      '    $ gen-ai generate \\',
      "      -m x@1 -p 'hello'",
      'gen-ai generate -m y@2 -p z',
    ].join('\n');
    expect(findExampleCommand(readme)).toEqual({ line: 3, text: "gen-ai generate  -m x@1 -p 'hello'" });
  });
  it('ignores gen-ai generate lines without a model flag', () => {
    expect(findExampleCommand('run gen-ai generate --help\n')).toBeUndefined();
  });
});

describe('parseGenerateArgs', () => {
  it('reads short, long and inline flags, first one wins', () => {
    expect(parseGenerateArgs(['gen-ai', 'generate', '--model=a@1', '--prompt', 'p1', '-p', 'p2'])).toEqual({
      model: 'a@1',
      prompt: 'p1',
    });
    expect(parseGenerateArgs(['gen-ai', 'generate', '-m'])).toEqual({});
  });
});
