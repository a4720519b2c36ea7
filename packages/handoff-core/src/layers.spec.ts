/**
 * The core's layers (DESIGN.md, "Layers"): dependencies point one way. Leaves (errors, config
 * schemas and the client loader, fs and progress helpers, bundle/ — layout and names, entry-name
 * rules, checksums, sha256, zip reading, the BuiltZip record — and the BagIt format) import no
 * stage; the ledger (a store and a pure diff) sits below the stages that read it; a stage imports
 * only leaves and stages that come before it; the composition (pipeline.ts, ensure-bundle.ts) sits
 * on top; the core never imports Nx. This spec reads the relative imports of every shipped file
 * and fails on an import cycle between files and on any import that points to the same or a
 * higher rank: there is no list of exceptions (issue #14).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = __dirname;

/** Rank of each top-level folder (or root file) of src/: an import must point to a lower rank. */
const RANKS: Record<string, number> = {
  'errors.ts': 0,
  // Leaves: import no stage.
  config: 1, // zod schemas, and the client loader with its LoadedClient and WORKSPACE_CONFIG_FILE
  progress: 1,
  fs: 1,
  // Bundle layout and names, entry-name rules, checksums.sha256, sha256 of files, zip reading and
  // the record of a built zip: what every stage that writes or reads a bundle shares.
  bundle: 2,
  // The BagIt format (file names, manifest and tag-file syntax): a packaging format that package
  // writes and verify reads back, so it sits below both (its writer is package/bag-layout.ts, its
  // reader verify/bagit/).
  bagit: 3,
  // The committed media lock behind `nx sync` (hashes media with bundle/'s sha256File): a leaf the
  // composition calls before packaging.
  'assets-lock': 3,
  'types.ts': 4,
  'paths.ts': 5,
  genai: 5, // the gen-ai client, and the shell quoting of its commands
  // The ledger is a store (handoff-ledger.json) and a pure diff (changes.ts): read by pin and
  // document, written by deliver; it calls no stage, so it sits below them.
  ledger: 6,
  // Stages, in pipeline order.
  inventory: 7,
  filter: 8,
  // White-label rules (term matching, prompt overrides, image metadata strippers, leak scan) that
  // the strip stage applies: below strip, which composes them over the approved set.
  whitelabel: 9,
  strip: 10,
  pin: 11,
  document: 12,
  package: 13,
  verify: 14, // the cold test
  deliver: 15,
  'regen-proof': 16, // regenerates from a built zip: reads it like the cold test
  check: 18, // handoff-check: inventory .. pin and the leak rules, composed without writing
  // The composition.
  'pipeline.ts': 20,
  'ensure-bundle.ts': 21,
  upscale: 22, // prepares the client like the pipeline, writes inputs for the next version
  'index.ts': 30,
  'config-api.ts': 30,
};

function shippedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ['fixtures', '__fixtures__', 'testing'].includes(e.name) ? [] : shippedFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of shippedFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']*)'/g)]
      .map((m) => resolveImport(file, m[1]!))
      .filter((t): t is string => t !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** Top-level folder, or the file name for files directly in src/. */
function unitOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('handoff-core layers', () => {
  const graph = importGraph();

  it('ranks every folder and root file of src/', () => {
    const units = new Set([...graph.keys()].map(unitOf));
    expect([...units].filter((u) => RANKS[u] === undefined)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('imports only downwards: no import points to a folder of the same or a higher rank', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const a = unitOf(from);
        const b = unitOf(to);
        if (a !== b && RANKS[b]! >= RANKS[a]!)
          upward.push(`${a} -> ${b}: ${path.relative(SRC, from)} imports ${path.relative(SRC, to)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('never imports Nx or the plugin', () => {
    const offending = [...graph.keys()].filter((f) => /from '(@nx\/|nx\/|nx-handoff)/.test(readFileSync(f, 'utf8')));
    expect(offending.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
