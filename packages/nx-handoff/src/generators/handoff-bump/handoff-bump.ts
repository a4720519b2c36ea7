import * as path from 'node:path';
import { logger, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { applyEdits, modify, parse as parseLenient, type FormattingOptions } from 'jsonc-parser';
import {
  CLIENT_CONFIG_FILE,
  clientConfigSchema,
  findLedgerVersion,
  HandoffError,
  LEDGER_FILE,
  ledgerSchema,
  parseAndValidate,
  type ClientConfig,
  type Ledger,
} from '@nx-handoff/core/config';
import { isClientConfigPath } from '../../plugins/plugin';
import type { HandoffBumpGeneratorSchema } from './schema';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function problem(message: string, hint: string, file?: string, field?: string): HandoffError {
  return new HandoffError({ code: 'CONFIG_INVALID', message, hint, file, field });
}

/** The client's folder: --directory, clients/<name>, or the folder whose handoff.json is named <name>. */
export function findClientDir(tree: Tree, name: string, directory?: string): string {
  if (directory) {
    const dir = directory.replace(/\\/g, '/').replace(/\/+$/, '');
    if (!tree.exists(`${dir}/${CLIENT_CONFIG_FILE}`))
      throw problem(`no ${CLIENT_CONFIG_FILE} in ${dir}`, "pass the folder that holds the client's handoff.json");
    return dir;
  }
  if (tree.exists(`clients/${name}/${CLIENT_CONFIG_FILE}`)) return `clients/${name}`;
  const found: string[] = [];
  visitNotIgnoredFiles(tree, '', (file) => {
    if (path.posix.basename(file) !== CLIENT_CONFIG_FILE || !isClientConfigPath(file)) return;
    const dir = path.posix.dirname(file);
    const value = parseLenient(tree.read(file, 'utf8') ?? '', [], { allowTrailingComma: true }) as
      { name?: unknown } | undefined;
    if ((typeof value?.name === 'string' ? value.name : path.posix.basename(dir)) === name) found.push(dir);
  });
  if (found.length === 1) return found[0];
  throw problem(
    found.length
      ? `several clients are named "${name}": ${found.join(', ')}`
      : `no client named "${name}" (no handoff.json with that name or folder)`,
    found.length
      ? 'pass --directory=<client folder>'
      : 'check the slug (nx show projects), or pass --directory=<client folder>',
  );
}

function readLedgerIn(tree: Tree, dir: string): Ledger | undefined {
  const file = `${dir}/${LEDGER_FILE}`;
  const text = tree.read(file, 'utf8');
  return text === null
    ? undefined
    : parseAndValidate(text, file, ledgerSchema, { hint: 'restore the ledger from version control' });
}

function nextDate(current: string, requested: string | undefined, file: string): string {
  const date = requested ?? todayUtc();
  const real = DATE_RE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
  if (!real) throw problem(`"${date}" is not a date as YYYY-MM-DD`, 'pass --date=YYYY-MM-DD', file, 'date');
  if (date < current)
    throw problem(
      `the new version's date ${date} is before the current version's ${current}`,
      'pass --date on or after the current date',
      file,
      'date',
    );
  return date;
}

/** handoff.json text with version, date, changelog and repin set; comments and layout kept. */
export function bumpConfigText(
  text: string,
  config: Pick<ClientConfig, 'version'>,
  date: string,
  repin: boolean,
): string {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const formattingOptions: FormattingOptions = {
    insertSpaces: !indent.includes('\t'),
    tabSize: indent.includes('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
  let out = text;
  const set = (key: string, value: unknown) => {
    out = applyEdits(out, modify(out, [key], value, { formattingOptions }));
  };
  set('version', config.version + 1);
  set('date', date);
  set('changelog', []);
  set('repin', repin ? true : undefined);
  return out;
}

/**
 * `nx g nx-handoff:handoff-bump <slug>`: the next version in handoff.json. Its CHANGELOG entry is
 * computed when it is packaged (the difference to the last delivered version in the ledger), with
 * the "changelog" notes this opens; the pins of the last delivered version carry over unless --repin.
 */
export async function handoffBumpGenerator(tree: Tree, schema: HandoffBumpGeneratorSchema): Promise<void> {
  const dir = findClientDir(tree, schema.name, schema.directory);
  const file = `${dir}/${CLIENT_CONFIG_FILE}`;
  const text = tree.read(file, 'utf8')!;
  const config = parseAndValidate(text, file, clientConfigSchema, { jsonc: true });
  const date = nextDate(config.date, schema.date, file);
  const ledger = readLedgerIn(tree, dir);
  const delivered = ledger && findLedgerVersion(ledger, config.version);
  if (!delivered) {
    logger.warn(
      `nx-handoff: v${config.version} of ${schema.name} is not in ${dir}/${LEDGER_FILE} (never delivered with handoff-deliver); v${config.version + 1} is compared with the last version that was.`,
    );
  }
  tree.write(file, bumpConfigText(text, config, date, !!schema.repin));
  const base = delivered
    ? `v${delivered.version} (sha256 ${delivered.sha256.slice(0, 12)}…)`
    : 'the last delivered version';
  logger.info(
    [
      `nx-handoff: ${schema.name} is now at v${config.version + 1} (${date}).`,
      `  Its CHANGELOG is computed when it is packaged: assets, prompts and pins compared with ${base}.`,
      `  Add notes for the receiving team to "changelog" in ${file}.`,
      schema.repin
        ? '  Models are resolved afresh ("repin": true).'
        : '  Model pins carry over from the last delivered version (--repin to resolve them afresh).',
    ].join('\n'),
  );
}

export default handoffBumpGenerator;
