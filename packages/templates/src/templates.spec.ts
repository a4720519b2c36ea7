import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { manifestSchema } from '../../handoff-core/src/config/bundle-schemas';
import type { TemplateContext, TemplateName } from './index';
import { builtinTemplatesDir, createTemplateEngine, registerHelpers, TEMPLATE_NAMES } from './index';
import { makeTemplateContext, TRICKY_PROMPT } from './fixtures/template-context';

function render(name: TemplateName, context: TemplateContext): string {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const source = fs.readFileSync(path.join(builtinTemplatesDir, name), 'utf8');
  return hb.compile(source)(context);
}

describe('built-in templates', () => {
  it('ships one file per TEMPLATE_NAMES entry and nothing else', () => {
    expect(fs.readdirSync(builtinTemplatesDir).sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  it('every template renders with the fixture, with no leftovers or HTML entities', () => {
    const engine = createTemplateEngine();
    for (const name of TEMPLATE_NAMES) {
      const source = fs.readFileSync(path.join(builtinTemplatesDir, name), 'utf8');
      const out = engine.compile(source)(makeTemplateContext());
      expect(out).not.toMatch(/\{\{|\}\}|&#x27;|&#x3D;|&quot;|&amp;|&lt;|&gt;|\[object Object\]|undefined/);
      expect(out).not.toMatch(/\n{3,}/);
    }
  });
});

describe('handoff-manifest.json.hbs', () => {
  it('parses as JSON and passes manifestSchema with the context values', () => {
    const ctx = makeTemplateContext();
    const manifest = JSON.parse(render('handoff-manifest.json.hbs', ctx));
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest).toEqual({
      handoff_kind: 'client-final',
      client_slug: 'example-client',
      engagement: ctx.engagement,
      delivered_at: '2026-11-20',
      brand_system: 'docs/brand-system.json',
      brand_rules: 'docs/brand.md',
      pinned_models: 'docs/model-pins.json',
      assets_count: 14,
      prompts_count: 10,
      rights_status: 'all generated except one licensed stock photo',
      regeneration_supported: true,
      support_window_days: 30,
      version: 1,
      previous_version: null,
      white_labelled: true,
      removed_categories: ['internal tags', 'reviewer and note fields'],
    });
  });

  it('keeps quotes, backslashes, <, & and | intact; handles v2 and nothing stripped', () => {
    const status = `licensed "hero" <stock> & fonts | C:\\path — ünïcode`;
    const ctx = makeTemplateContext({
      engagement: TRICKY_PROMPT,
      rights: { status, items: [], generatedCount: 3 },
      version: 2,
      previousVersion: 1,
      whiteLabel: { categories: [], droppedJobs: 0, droppedAssets: 0, editedPrompts: [], imagesStripped: 0 },
      regeneration: { supported: false, installCommand: 'x' },
    });
    const manifest = JSON.parse(render('handoff-manifest.json.hbs', ctx));
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.engagement).toBe(TRICKY_PROMPT);
    expect(manifest.rights_status).toBe(status);
    expect(manifest.version).toBe(2);
    expect(manifest.previous_version).toBe(1);
    expect(manifest.white_labelled).toBe(false);
    expect(manifest.regeneration_supported).toBe(false);
  });
});

describe('README.md.hbs', () => {
  const ctx = makeTemplateContext();
  const readme = render('README.md.hbs', ctx);
  const lines = readme.split('\n');

  it('titles the bundle with client and version', () => {
    expect(lines[0]).toBe('# Northwind Coffee Roasters — handoff bundle v1');
  });

  it('walks through the folder and the verification commands', () => {
    for (const entry of [
      '`assets/`',
      '`prompts/prompt-library.json`',
      '`source/`',
      '`docs/RIGHTS.md`',
      '`docs/CHANGELOG.md`',
      '`docs/model-pins.json`',
      '`docs/brand.md`',
      '`checksums.sha256`',
    ]) {
      expect(readme).toContain(entry);
    }
    expect(readme).toContain('14 approved assets (183 KB)');
    expect(lines).toContain('sha256sum -c checksums.sha256');
    expect(lines).toContain('sha256sum -c example-client-handoff-v1-2026-11-20.zip.sha256');
  });

  it('lists the contact sheet, docs/metadata.csv and, when asked for, each DAM file with its label', () => {
    expect(readme).toMatch(/^\| `index\.html` \| Contact sheet: .*Works offline\. \|$/m);
    expect(readme).toMatch(/^\| `docs\/metadata\.csv` \| One row per asset .*AI disclosure/m);
    expect(readme).not.toContain('docs/dam/');
    const dam = [
      {
        format: 'bynder',
        path: 'docs/dam/bynder-metadata.csv',
        label: 'a Bynder Mass Uploader CSV (`Filename` in column B)',
      },
    ];
    expect(render('README.md.hbs', makeTemplateContext({ dam }))).toContain(
      '| `docs/dam/bynder-metadata.csv` | The same metadata as a Bynder Mass Uploader CSV (`Filename` in column B). |',
    );
  });

  it('gives the regeneration steps with the exact example command on its own line', () => {
    expect(lines).toContain('curl -fsSL https://picsart.com/gen-ai-cli/install.sh | bash');
    expect(lines).toContain('gen-ai login');
    expect(lines).toContain(ctx.example!.command);
    const at = lines.indexOf(ctx.example!.command);
    expect(lines[at - 1]).toBe('```sh');
    expect(lines[at + 1]).toBe('```');
    expect(readme).toContain('`nw-spring-001`');
    expect(readme).toContain('`assets/spring-launch/hero-bloom-blend-16x9.png`');
    expect(ctx.example!.command).toContain(`Northwind'\\''s <warm> light & blossoms | no text`);
  });

  it('lists every pinned model and never says latest', () => {
    for (const model of ctx.models) {
      expect(readme).toContain(`| \`${model.id}\` | ${model.jobs} jobs |`);
    }
    expect(readme).not.toMatch(/latest/i);
    expect(readme).toContain('gen-ai whoami');
    expect(readme).toContain('`--debug`');
  });

  it('states rights, white-labelling categories and the support window', () => {
    expect(readme).toContain('Status: all generated except one licensed stock photo.');
    expect(readme).toContain('](docs/RIGHTS.md)');
    expect(readme).toContain('internal tags, reviewer and note fields');
    expect(readme).toContain(
      'Contact Priya Nair <handoff@studio.example>: support until 2026-12-20 (30 days after delivery).',
    );
    expect(readme).toContain('prepared for Northwind in-house design');
  });

  it('hides the regeneration steps when regeneration is not supported', () => {
    const off = render(
      'README.md.hbs',
      makeTemplateContext({ regeneration: { supported: false, installCommand: 'curl x | bash' } }),
    );
    expect(off).toContain('Regeneration is not part of this handoff');
    expect(off).not.toContain('gen-ai login');
    expect(off).not.toContain('curl x | bash');
    expect(off).not.toContain(ctx.example!.command);
  });

  it('copes with an empty prompt library and no support window', () => {
    const out = render(
      'README.md.hbs',
      makeTemplateContext({
        example: null,
        support: { contact: 'help@client.example', windowDays: 0 },
        receivingTeam: null,
      }),
    );
    expect(out).toContain('gen-ai generate -m <pinned model id>');
    expect(out).toContain('No support window is included');
    expect(out).not.toContain('prepared for');
  });
});

describe('RIGHTS.md.hbs', () => {
  it('lists the rights items with their attribution and the generated work', () => {
    const rights = render('RIGHTS.md.hbs', makeTemplateContext());
    expect(rights).toContain('Status: **all generated except one licensed stock photo**');
    expect(rights).toContain('13 assets in this bundle are generated work');
    expect(rights).toContain('`recraftv4@2026-03-15`, `gemini-3.1-flash-image@2026-02-01`, `flux-2-pro@2026-01-20`');
    expect(rights).toContain(
      '| `assets/stock/roastery-interior.jpg` | licensed-stock | Lumen Stock | ' +
        'Standard \\| web + print #LS-2026-004817 | Photo: Ana Ribeiro / Lumen Stock | Worldwide, perpetual |',
    );
    expect(rights).toMatch(/Keep the attribution/);
    expect(rights).not.toContain('Reference faces and fonts');
  });

  it('adds the clearance note when fonts or reference faces are listed', () => {
    const ctx = makeTemplateContext();
    ctx.rights.items.push({ path: 'assets/type/NorthSans.otf', kind: 'font', license: 'Desktop, 5 seats' });
    const rights = render('RIGHTS.md.hbs', ctx);
    expect(rights).toContain('### Reference faces and fonts');
    expect(rights).toContain('| `assets/type/NorthSans.otf` | font |  | Desktop, 5 seats |  |  |');
  });

  it('says so when there is nothing but generated work', () => {
    const rights = render(
      'RIGHTS.md.hbs',
      makeTemplateContext({ rights: { status: 'all generated', items: [], generatedCount: 1 } }),
    );
    expect(rights).toContain('1 asset in this bundle is generated work');
    expect(rights).toContain('None: every asset in this bundle is generated work.');
  });
});

describe('CHANGELOG.md.hbs', () => {
  it('has one section per change, newest first', () => {
    const changelog = render(
      'CHANGELOG.md.hbs',
      makeTemplateContext({
        changes: [
          { version: 2, date: '2027-01-10', lines: ['Added 3 holiday assets', 'Re-pinned nothing: pins kept from v1'] },
          { version: 1, date: '2026-11-20', lines: ['Initial handoff'] },
        ],
      }),
    );
    expect(changelog).toContain('[Keep a Changelog]');
    const v2 = changelog.indexOf('## [v2] - 2027-01-10');
    const v1 = changelog.indexOf('## [v1] - 2026-11-20');
    expect(v2).toBeGreaterThan(0);
    expect(v1).toBeGreaterThan(v2);
    expect(changelog).toContain('- Added 3 holiday assets\n- Re-pinned nothing: pins kept from v1\n');
    expect(changelog.endsWith('- Initial handoff\n')).toBe(true);
  });
});
