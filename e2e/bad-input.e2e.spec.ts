/**
 * Bad input through the real CLI: each broken client fails `nx run <client>:handoff` with a
 * non-zero exit, one clear message naming the file and the fix, no stack trace, and nothing
 * written at the bundle's final path.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { E2eWorkspace } from './utils/workspace';

jest.setTimeout(240_000);

const STACK_LINE = /^\s+at .+[:(]\d+:\d+\)?$/m;

interface Case {
  slug: string;
  title: string;
  /** Break the copied example client (paths relative to the client folder). */
  breakIt: (ws: E2eWorkspace, dir: string) => void;
  expected: RegExp[];
}

const GOOD = ['client-a', 'client-b', 'client-c'];

const results = (ws: E2eWorkspace, dir: string) => ws.readJson(`${dir}/deliverables/spring-launch/results.json`);

const CASES: Case[] = [
  {
    slug: 'bad-jsonc',
    title: 'malformed handoff.json',
    breakIt: (ws, dir) =>
      ws.write(`${dir}/handoff.json`, ws.read(`${dir}/handoff.json`).replace('"version": 1,', '"version": 1,,')),
    expected: [/clients\/bad-jsonc\/handoff\.json:\d+:\d+/, /malformed JSON with comments/, /fix: /],
  },
  {
    slug: 'bad-results',
    title: 'a results.json job without a model',
    breakIt: (ws, dir) => {
      const r = results(ws, dir);
      delete r.jobs[0].model;
      ws.writeJson(`${dir}/deliverables/spring-launch/results.json`, r);
    },
    expected: [/deliverables\/spring-launch\/results\.json:\d+:\d+ \(jobs\[0\]\.model\)/, /fix: results\.json must be/],
  },
  {
    slug: 'missing-asset',
    title: 'an approved output that does not exist',
    breakIt: (ws, dir) => rmSync(ws.path(dir, 'deliverables/spring-launch/menu-board-3x4.png')),
    expected: [
      /clients\/missing-asset\/deliverables\/spring-launch\/results\.json \(job nw-spring-003\): approved job's output .*menu-board-3x4\.png does not exist/,
      /fix: restore the file/,
    ],
  },
  {
    slug: 'escapes',
    title: 'an output path escaping the client folder',
    breakIt: (ws, dir) => {
      const r = results(ws, dir);
      r.jobs[0].output = '../../../../etc/hostname';
      ws.writeJson(`${dir}/deliverables/spring-launch/results.json`, r);
    },
    expected: [/escapes the client folder/, /fix: keep every path relative and inside the client folder/],
  },
  {
    slug: 'latest-model',
    title: 'a job on "latest"',
    breakIt: (ws, dir) => {
      const r = results(ws, dir);
      r.jobs[0].model = 'recraftv4@latest';
      ws.writeJson(`${dir}/deliverables/spring-launch/results.json`, r);
    },
    expected: [/"recraftv4@latest" \(jobs nw-spring-001\) is not a version/, /fix: replace it in results\.json/],
  },
  {
    slug: 'bad-template',
    title: 'a template override with a syntax error',
    breakIt: (ws, dir) => ws.write(`${dir}/handoff-templates/README.md.hbs`, '# {{#each models}}\n'),
    expected: [
      /clients\/bad-template\/handoff-templates\/README\.md\.hbs: template does not render/,
      /fix: fix the Handlebars syntax/,
    ],
  },
];

describe('bad input through nx run', () => {
  let ws: E2eWorkspace;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
    for (const c of CASES) {
      const dir = `clients/${c.slug}`;
      ws.copyFromRepo('apps/example-client', dir);
      c.breakIt(ws, dir);
    }
    for (const slug of GOOD) ws.copyFromRepo('apps/example-client', `clients/${slug}`);
    ws.commit('broken and good clients');
  });
  afterAll(() => ws?.dispose());

  it('nx run-many -t handoff --parallel=3 builds several clients at once, each bundle cold-tested', () => {
    const { status, output } = ws.nx(
      'run-many',
      '-t',
      'handoff',
      `--projects=${GOOD.join(',')}`,
      '--parallel=3',
      '--output-style=static',
    );
    expect({ status, tail: output.slice(-400) }).toMatchObject({ status: 0 });
    for (const slug of GOOD) {
      const report = ws.readJson(`dist/handoff/${slug}/handoff-v1/${slug}-handoff-v1-2026-11-20.zip.cold-test.json`);
      expect({ slug, ok: report.ok }).toEqual({ slug, ok: true });
    }
  });

  it.each(CASES)('$title: exit 1, a message naming the file and the fix, nothing written', (c) => {
    const { status, output } = ws.nx('run', `${c.slug}:handoff`, '--output-style=static');
    expect(status).not.toBe(0);
    for (const re of c.expected) expect(output).toMatch(re);
    expect(output).not.toMatch(STACK_LINE);
    const versionDir = ws.path('dist/handoff', c.slug, 'handoff-v1');
    const left = existsSync(versionDir)
      ? readdirSync(versionDir).filter((n) => n.endsWith('.zip') || n.includes('.tmp-'))
      : [];
    expect(left).toEqual([]);
  });
});
