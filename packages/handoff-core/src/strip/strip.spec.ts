import { clientConfigSchema } from '../config/client-config';
import type { ApprovedSet, InventoryJob } from '../types';
import { isInternalTag, stripInternal, stripValue } from './strip';
import { findJobTerms, findTerms } from '../whitelabel/terms';

const rules = clientConfigSchema.shape.strip.parse({});

function job(id: string, extra: Record<string, unknown> = {}): InventoryJob {
  return { job: { id, model: 'm', prompt: 'p', ...extra }, source: 'r.json', campaign: 'c', outputs: [] };
}

describe('strip', () => {
  it('removes internal tags by prefix and exact name, case-insensitively, and keeps client tags', () => {
    expect(isInternalTag('Internal-Review', rules)).toBe(true);
    expect(isInternalTag('retainer-week-2026-04-22', rules)).toBe(true);
    expect(isInternalTag('pitch-concept-b', rules)).toBe(true);
    expect(isInternalTag('hero', rules)).toBe(false);
    expect(isInternalTag('secret-sauce', { ...rules, tags: ['secret-sauce'] })).toBe(true);
  });

  it('removes denylisted fields at any depth without leaving placeholders', () => {
    const count = { tags: 0, fields: 0 };
    const out = stripValue(
      { a: 1, notes: 'x', nested: [{ reviewer: 'Dana', keep: true, tags: ['internal-x', 'hero'] }] },
      rules,
      count,
    );
    expect(out).toEqual({ a: 1, nested: [{ keep: true, tags: ['hero'] }] });
    expect(count).toEqual({ tags: 1, fields: 2 });
    expect(JSON.stringify(out)).not.toMatch(/REDACTED|Dana/);
  });

  it('removes _internal and internal_* keys by default, and keeps look-alikes', () => {
    const count = { tags: 0, fields: 0 };
    const out = stripValue(
      {
        headline: 'Spring',
        _internal: { owner: 'Dana' },
        internal_budget: 12,
        'internal-ref': 'x',
        internalize: 'kept',
        _internalNote: 'y',
      },
      rules,
      count,
    );
    expect(out).toEqual({ headline: 'Spring', internalize: 'kept' });
    expect(count.fields).toBe(4);
  });

  it("replaces absolute outputs (the agency's machine paths) by the client-relative paths they resolved to", () => {
    const raw = {
      id: 'w1',
      model: 'm',
      prompt: 'p',
      output: '/Users/ana/Work/acme/deliverables/w/w1.png',
      outputs: [{ uri: 'file:///mnt/share/deliverables/w/w2.png', width: 2 }, 'w3.png'],
    };
    const j: InventoryJob = {
      job: raw,
      source: 'campaigns/w/results.json',
      campaign: 'campaigns/w',
      outputs: [],
      resolvedOutputs: {
        '/Users/ana/Work/acme/deliverables/w/w1.png': 'deliverables/w/w1.png',
        'file:///mnt/share/deliverables/w/w2.png': 'deliverables/w/w2.png',
        'w3.png': 'campaigns/w/w3.png',
      },
    };
    const set = stripInternal(
      {
        results: [{ abs: '/x', rel: 'campaigns/w/results.json', campaign: 'campaigns/w', extra: {}, jobs: [raw] }],
        jobs: [j],
        assets: [],
        dropped: [],
      },
      rules,
    );
    expect(set.results[0].jobs[0]).toMatchObject({
      output: 'deliverables/w/w1.png',
      outputs: [{ uri: 'deliverables/w/w2.png', width: 2 }, 'w3.png'],
    });
    expect(JSON.stringify(set.results)).not.toMatch(/ana|mnt\/share/);
    expect(set.strip.categories).toContain("file paths from the agency's machines");
  });

  it('records removed Markdown comments among the categories', () => {
    const set = stripInternal({ results: [], jobs: [], assets: [], dropped: [] } as ApprovedSet, rules, {
      markdownComments: 2,
    });
    expect(set.strip.categories).toEqual(['internal comments in Markdown']);
  });

  it('strips jobs and results files consistently and reports categories, never values', () => {
    const j = job('a', { tags: ['hero', 'pitch-concept-b'], internal_notes: 'use rival look' });
    const set: ApprovedSet = {
      jobs: [j],
      assets: [],
      dropped: [{ kind: 'job', id: 'x', reason: 'status', detail: 'failed' }],
      results: [{ abs: '/r.json', rel: 'r.json', campaign: 'c', extra: { reviewedBy: 'Sam' }, jobs: [j.job] }],
    };
    const out = stripInternal(set, rules);
    expect(out.jobs[0].job).toEqual({ id: 'a', model: 'm', prompt: 'p', tags: ['hero'] });
    expect(out.results[0].jobs[0]).toEqual(out.jobs[0].job);
    expect(out.results[0].extra).toEqual({});
    expect(out.strip.categories).toEqual(['internal tags', 'internal notes and reviewer fields', 'failed jobs']);
    expect(JSON.stringify(out.strip)).not.toMatch(/Sam|rival|pitch-concept-b/);
    expect(set.jobs[0].job.tags).toEqual(['hero', 'pitch-concept-b']);
  });

  it('finds terms as whole words, case-insensitively and across Unicode forms', () => {
    expect(findTerms('Inspired by GLOBEX branding', ['Globex'])).toEqual(['Globex']);
    expect(findTerms('globexcorp style', ['Globex'])).toEqual([]);
    expect(findTerms('Cafe\u0301 Noir look', ['Café Noir'])).toEqual(['Café Noir']);
    const hits = findJobTerms(
      [
        job('a', { prompt: 'like Initech ads' }),
        job('b', { prompt: 'clean', negative_prompt: 'nothing like  Initech' }),
      ],
      ['initech'],
    );
    expect(hits).toEqual([
      { jobId: 'a', source: 'r.json', field: 'prompt', terms: ['initech'] },
      { jobId: 'b', source: 'r.json', field: 'negative_prompt', terms: ['initech'] },
    ]);
    expect(findTerms('made by Kestrel &\n  Finch', ['Kestrel & Finch'])).toEqual(['Kestrel & Finch']);
  });
});
