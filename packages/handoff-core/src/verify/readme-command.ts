/**
 * Find and parse the README's worked example: the first `gen-ai generate -m <model> ...` line.
 * Arguments are split like a POSIX shell would: single quotes are literal (so the `'\''` idiom for
 * an embedded quote works), double quotes honour `\"`, `\\`, `\$` and `` \` ``, a backslash outside
 * quotes escapes the next character. An unquoted backtick ends the command (inline Markdown code).
 */

export interface ExampleCommand {
  /** 1-based line number in README.md. */
  line: number;
  /** The command text from `gen-ai` on (continuation lines joined). */
  text: string;
}

const COMMAND_RE = /\bgen-ai\s+generate\b/;
const MODEL_FLAG_RE = /(^|\s)(-m|--model)(\s|=)/;
/** `-m <pinned model id>`: a syntax description, not an example. */
const PLACEHOLDER_RE = /(^|\s)(-m|--model)(\s+|=)['"]?</;

/**
 * The first line with `gen-ai generate` and a model flag; `\`-continued lines are joined. Lines
 * whose model is a `<placeholder>` describe the syntax and are skipped.
 */
export function findExampleCommand(readme: string): ExampleCommand | undefined {
  const lines = readme.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = COMMAND_RE.exec(lines[i]);
    if (!m) continue;
    let text = lines[i].slice(m.index);
    for (let j = i + 1; text.endsWith('\\') && j < lines.length; j++) text = `${text.slice(0, -1)} ${lines[j].trim()}`;
    if (MODEL_FLAG_RE.test(text) && !PLACEHOLDER_RE.test(text)) return { line: i + 1, text };
  }
  return undefined;
}

const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

/** Shell words of `text`; throws on an unterminated quote. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (s: string): void => {
    word = (word ?? '') + s;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '`' || (c === '#' && word === undefined)) break;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      add(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && DOUBLE_QUOTE_ESCAPES.has(text[j + 1])) j++;
        s += text[j++];
      }
      if (j >= text.length) throw new Error('unterminated double quote');
      add(s);
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      add(text[i + 1]);
      i += 2;
    } else {
      add(c);
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface GenerateArgs {
  model?: string;
  prompt?: string;
}

/** `-m`/`--model` and `-p`/`--prompt` values (also `--model=x`) of a `gen-ai generate` word list. */
export function parseGenerateArgs(words: readonly string[]): GenerateArgs {
  const out: GenerateArgs = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = w.indexOf('=');
    const flag = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
    const inline = flag !== w ? w.slice(eq + 1) : undefined;
    const key =
      flag === '-m' || flag === '--model' ? 'model' : flag === '-p' || flag === '--prompt' ? 'prompt' : undefined;
    if (!key) continue;
    const value = inline ?? words[++i];
    if (value !== undefined && out[key] === undefined) out[key] = value;
  }
  return out;
}
