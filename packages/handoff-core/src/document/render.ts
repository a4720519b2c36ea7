import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { builtinTemplatesDir, registerHelpers, type TemplateContext, type TemplateName } from '@nx-handoff/templates';
import { HandoffError } from '../errors';
import { manifestSchema, type HandoffManifest } from '../config/bundle-schemas';
import { displayPath, parseJsonText, schemaProblems } from '../config/read-json';

import { TEMPLATE_OVERRIDE_DIR } from '../paths';

export { TEMPLATE_OVERRIDE_DIR };

/** First existing of: client override, workspace override, built-in. */
export async function resolveTemplate(name: TemplateName, clientRoot: string, workspaceRoot: string): Promise<string> {
  for (const dir of [path.join(clientRoot, TEMPLATE_OVERRIDE_DIR), path.join(workspaceRoot, TEMPLATE_OVERRIDE_DIR)]) {
    const candidate = path.join(dir, name);
    if (
      await fs.stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  return path.join(builtinTemplatesDir, name);
}

export interface Renderer {
  render(name: TemplateName, ctx: TemplateContext): Promise<string>;
  renderManifest(ctx: TemplateContext): Promise<HandoffManifest>;
}

/** A renderer with its own Handlebars instance; template errors name the template file. */
export function createRenderer(clientRoot: string, workspaceRoot: string): Renderer {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const templateError = (file: string, message: string, hint: string) =>
    new HandoffError({ code: 'TEMPLATE_INVALID', file: displayPath(file, workspaceRoot), message, hint });

  const renderFile = async (name: TemplateName, ctx: TemplateContext): Promise<{ file: string; text: string }> => {
    const file = await resolveTemplate(name, clientRoot, workspaceRoot);
    const source = await fs.readFile(file, 'utf8');
    try {
      const template = hb.compile(source, { strict: false, noEscape: false });
      return { file, text: template(ctx) };
    } catch (err) {
      const msg = (err as Error).message.split('\n').slice(0, 4).join(' ');
      throw templateError(
        file,
        `template does not render: ${msg}`,
        'fix the Handlebars syntax in the template, or delete the override to use the built-in one',
      );
    }
  };

  return {
    async render(name, ctx) {
      return (await renderFile(name, ctx)).text;
    },
    async renderManifest(ctx) {
      const { file, text } = await renderFile('handoff-manifest.json.hbs', ctx);
      let parsed;
      try {
        parsed = parseJsonText(text, file);
      } catch {
        throw templateError(
          file,
          'the rendered manifest is not valid JSON',
          'use the {{{json value}}} helper for every value in the manifest template',
        );
      }
      const result = manifestSchema.safeParse(parsed.value);
      if (!result.success) {
        const problems = schemaProblems(result.error.issues, text, parsed.tree, displayPath(file, workspaceRoot));
        throw new HandoffError(
          problems.map((p) => ({
            ...p,
            code: 'TEMPLATE_INVALID' as const,
            line: undefined,
            column: undefined,
            message: `rendered manifest: ${p.message}`,
            hint: 'the manifest template must produce every field of docs/handoff-manifest.json with its type (see the README)',
          })),
        );
      }
      return result.data;
    },
  };
}
