import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { HandoffError, type Problem } from '../errors';

/** Where a file is reported: relative to `base` (usually the workspace root) when inside it. */
export function displayPath(file: string, base?: string): string {
  if (!base) return file;
  const rel = path.relative(base, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function fieldPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

export interface ReadJsonOptions {
  /** Allow comments and trailing commas (handoff.json). results.json is strict JSON. */
  jsonc?: boolean;
  /** Base folder for the file name shown in errors. */
  displayBase?: string;
  /** The fix shown for schema problems. */
  hint?: string;
}

/** Parse JSON/JSONC text and report syntax errors with line and column. */
export function parseJsonText(
  text: string,
  file: string,
  opts: ReadJsonOptions = {},
): { value: unknown; tree: Node | undefined } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: !!opts.jsonc, disallowComments: !opts.jsonc });
  if (errors.length > 0 || !tree) {
    const shown = displayPath(file, opts.displayBase);
    // The first syntax error only: later ones are usually its echo.
    const problems: Problem[] = (errors.length ? errors : [{ error: 1, offset: 0, length: 0 } as unknown as ParseError])
      .slice(0, 1)
      .map((e) => ({
        code: 'JSON_SYNTAX' as const,
        file: shown,
        ...lineCol(text, e.offset),
        message: `malformed ${opts.jsonc ? 'JSON with comments' : 'JSON'}: ${errors.length ? printParseErrorCode(e.error) : 'empty file'}`,
        hint: `fix the syntax at that position${opts.jsonc ? '' : ' (comments and trailing commas are not allowed in this file)'}`,
      }));
    throw new HandoffError(problems);
  }
  // getNodeValue equivalent without a second parse:
  const value = JSON.parse(JSON.stringify(nodeValue(tree)));
  return { value, tree };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) obj[String(k.value)] = nodeValue(v);
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Map zod issues onto problems with the line/column of the offending node. */
export function schemaProblems(
  issues: z.core.$ZodIssue[],
  text: string,
  tree: Node | undefined,
  shownFile: string,
  hint?: string,
): Problem[] {
  return issues.map((issue) => {
    const segs = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    let node = tree ? findNodeAtLocation(tree, segs) : undefined;
    // For a missing key, point at the parent object.
    for (let n = segs.length - 1; !node && n >= 0 && tree; n--) node = findNodeAtLocation(tree, segs.slice(0, n));
    const pos = node ? lineCol(text, node.offset) : {};
    const field = fieldPath(segs);
    return {
      code: 'SCHEMA_INVALID' as const,
      file: shownFile,
      ...pos,
      field: field || undefined,
      message: issue.message,
      hint,
    };
  });
}

/** Read, parse and validate a JSON(C) file; every schema problem is reported at once. */
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
  opts: ReadJsonOptions = {},
): Promise<z.infer<S>> {
  let text: string;
  const shown = displayPath(file, opts.displayBase);
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new HandoffError({
      code: 'IO',
      file: shown,
      message: e.code === 'ENOENT' ? 'file not found' : `cannot read file (${e.code ?? e.message})`,
      hint: e.code === 'ENOENT' ? 'create it or fix the path that names it' : 'check the file permissions',
    });
  }
  return parseAndValidate(text, file, schema, opts);
}

export function parseAndValidate<S extends z.ZodType>(
  raw: string,
  file: string,
  schema: S,
  opts: ReadJsonOptions = {},
): z.infer<S> {
  const text = raw.replace(/^\uFEFF/, ''); // editors on Windows may save a byte-order mark
  const shown = displayPath(file, opts.displayBase);
  const { value, tree } = parseJsonText(text, file, opts);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HandoffError(schemaProblems(parsed.error.issues, text, tree, shown, opts.hint));
  return parsed.data;
}
