import * as path from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers';

/** Public API of @nx-handoff/templates: the built-in templates, their data contract, helpers. */

export type {
  TemplateCampaign,
  TemplateContext,
  TemplateExample,
  TemplateModel,
  TemplateName,
  TemplateRightsItem,
} from './context';
export { TEMPLATE_NAMES } from './context';
export {
  escapeMdCell,
  formatBytes,
  isNonEmpty,
  joinList,
  pluralize,
  registerHelpers,
  someWith,
  toCodeSpan,
  toJson,
} from './helpers';

/** Absolute path of the built-in templates folder (one `.hbs` file per TEMPLATE_NAMES entry). */
export const builtinTemplatesDir: string = path.join(__dirname, 'templates');

/** A fresh, isolated Handlebars environment with every helper registered. */
export function createTemplateEngine(): typeof Handlebars {
  const hb = Handlebars.create();
  registerHelpers(hb);
  return hb;
}
