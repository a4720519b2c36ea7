/**
 * The core's layers (DESIGN.md, "Layers"): dependencies point one way. Leaves (contracts, errors,
 * config schemas, fs helpers) import no stage; a stage imports only leaves and stages that come
 * before it; the composition (pipeline) sits on top; the core never imports Nx. This spec reads
 * the relative imports of every shipped file and fails on an import cycle and on any import that
 * points up, except the back-pointing folder pairs listed in KNOWN_BACK_EDGES, which are debt
 * (issue #14): the list may only shrink, and an entry that no longer occurs fails too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = __dirname;

/** Rank of each top-level folder (or root file) of src/: an import must point to a lower rank. */
const RANKS: Record<string, number> = {
  'errors.ts': -1,
  config: 0,
  progress: 0,
  'types.ts': 1,
  fs: 1,
  'paths.ts': 2,
  genai: 2,
  inventory: 3,
  filter: 4,
  strip: 5,
  whitelabel: 6,
  pin: 7,
  document: 8,
  package: 9,
  bagit: 10,
  'bundle-record.ts': 11,
  verify: 12,
  ledger: 13,
  deliver: 14,
  'assets-lock': 15, // the committed media lock behind `nx sync`; reuses verify/'s sha256File
  'regen-proof': 16, // regenerates from a built zip: reads it like the cold test
  check: 18, // handoff-check: inventory .. pin and the leak rules, composed without writing
  'pipeline.ts': 20,
  'ensure-bundle.ts': 21,
  upscale: 22, // prepares the client like the pipeline, writes inputs for the next version
  'index.ts': 30,
  'config-api.ts': 30,
};

/** `from -> to` folder pairs that point up today; each one is to be removed, never added to. */
const KNOWN_BACK_EDGES = [
  'config -> types.ts', // config/load-client.ts (the loader, not a schema) returns LoadedClient
  'config -> paths.ts',
  'genai -> document', // shell quoting of gen-ai commands lives in document/
  'strip -> whitelabel', // strip and whitelabel share term matching and image policy both ways
  'document -> package', // bundle layout names are defined by package/
  'package -> bagit', // the BagIt writer is called from package/
  'package -> verify', // sha256File and entry name rules live in verify/
  'bagit -> verify',
  'ledger -> deliver', // the ledger records delivery destinations
  'deliver -> pipeline.ts', // deliver re-runs inventory/filter/strip to recover override notes
  'bundle-record.ts -> verify',
];

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

  it('imports only downwards, apart from the known back edges (which must all still exist)', () => {
    const upward = new Map<string, string>();
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const a = unitOf(from);
        const b = unitOf(to);
        if (a !== b && RANKS[b]! >= RANKS[a]!)
          upward.set(`${a} -> ${b}`, `${path.relative(SRC, from)} imports ${path.relative(SRC, to)}`);
      }
    }
    const unexpected = [...upward].filter(([edge]) => !KNOWN_BACK_EDGES.includes(edge)).map(([, example]) => example);
    expect(unexpected).toEqual([]);
    expect(KNOWN_BACK_EDGES.filter((edge) => !upward.has(edge))).toEqual([]);
  });

  it('never imports Nx or the plugin', () => {
    const offending = [...graph.keys()].filter((f) => /from '(@nx\/|nx\/|nx-handoff)/.test(readFileSync(f, 'utf8')));
    expect(offending.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
