import { excerpt, genAiFailed } from './genai-failure';
import type { ModelCapabilities, ModelInfo } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `name@version` at the last `@`; `version` is undefined when there is none. */
export function splitModelId(id: string): { name: string; version?: string } {
  const at = id.lastIndexOf('@');
  if (at <= 0) return { name: id };
  return { name: id.slice(0, at), version: id.slice(at + 1) };
}

/**
 * Parses the stdout of `gen-ai models info <model> --json`. The whole output must be one JSON
 * object; as the only leniency, lines before the first line that opens an object (update notices,
 * deprecation banners) are skipped. Trailing text is not tolerated.
 */
function parseJsonObject(stdout: string): Json | undefined {
  const text = stdout.trim();
  const candidates = [text];
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trimStart().startsWith('{'));
  if (start > 0) candidates.push(lines.slice(start).join('\n'));
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (isObject(value)) return value;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/**
 * The pinned version, from the first of these fields that is present: `version`; `id`, `pinned`
 * or `pin` written `name@version`; `versions[0]` (a string or `{ version }`). Fields such as
 * `latest_version` or `default_version` are never read: they float.
 */
function readVersion(raw: Json): { field: string; value: string } | undefined {
  if (typeof raw.version === 'string') return { field: 'version', value: raw.version.trim() };
  for (const field of ['id', 'pinned', 'pin']) {
    const value = raw[field];
    if (typeof value !== 'string') continue;
    const { version } = splitModelId(value.trim());
    if (version) return { field, value: version };
  }
  if (Array.isArray(raw.versions) && raw.versions.length > 0) {
    const first: unknown = raw.versions[0];
    if (typeof first === 'string') return { field: 'versions[0]', value: first.trim() };
    if (isObject(first) && typeof first.version === 'string') {
      return { field: 'versions[0].version', value: first.version.trim() };
    }
  }
  return undefined;
}

function camelCase(key: string): string {
  return key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Normalizes a known capability; undefined drops a value of the wrong type. */
function normalizeCapability(key: string, value: unknown): unknown {
  switch (key) {
    case 'kind':
      return typeof value === 'string' ? value : undefined;
    case 'aspectRatios':
      return isStringArray(value) ? value : undefined;
    case 'maxPromptLength':
      return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
    case 'seed':
      return typeof value === 'boolean' ? value : undefined;
    case 'params':
      if (isStringArray(value)) return value;
      return isObject(value) ? Object.keys(value) : undefined;
    default:
      return value;
  }
}

const TOP_LEVEL_CAPABILITIES = ['kind', 'aspectRatios', 'maxPromptLength', 'seed', 'params'];

/**
 * Capabilities from the known top-level fields (`aspect_ratios`/`aspectRatios`,
 * `max_prompt_length`, `seed`, `params`, `kind`, or `type` when it is image/video), overridden by a
 * `capabilities` object whose keys are all kept, camelCased.
 */
function readCapabilities(raw: Json): ModelCapabilities {
  const caps: ModelCapabilities = {};
  const set = (key: string, value: unknown): void => {
    const normalized = normalizeCapability(key, value);
    if (normalized !== undefined) caps[key] = normalized;
  };
  for (const [key, value] of Object.entries(raw)) {
    const camel = camelCase(key);
    if (TOP_LEVEL_CAPABILITIES.includes(camel)) set(camel, value);
  }
  if (caps.kind === undefined && (raw.type === 'image' || raw.type === 'video')) caps.kind = raw.type;
  if (isObject(raw.capabilities)) {
    for (const [key, value] of Object.entries(raw.capabilities)) set(camelCase(key), value);
  }
  return caps;
}

/**
 * Turns the output of `gen-ai models info <requested> --json` into a ModelInfo with an exact
 * version. `command` is the command as run, for messages.
 */
export function parseModelInfo(stdout: string, requested: string, command: string): ModelInfo {
  const raw = parseJsonObject(stdout);
  if (!raw) {
    const shown = excerpt(stdout, 200);
    throw genAiFailed(
      `\`${command}\` did not print a JSON object for model \`${requested}\` (stdout: ${shown ? JSON.stringify(shown) : 'empty'})`,
      'check that the installed gen-ai supports `models info --json`; re-run it with --debug to see why',
    );
  }
  const wanted = splitModelId(requested);
  const reportedName = typeof raw.name === 'string' ? splitModelId(raw.name.trim()).name : '';
  const name = reportedName || wanted.name;
  const found = readVersion(raw);
  if (!found || found.value === '' || found.value.toLowerCase() === 'latest') {
    const seen = found ? ` (${found.field} is ${JSON.stringify(found.value)})` : '';
    throw genAiFailed(
      `no exact version in \`${command}\`${seen}`,
      `pin an exact version for \`${name}\` in model-registry.json (\`${name}@<version>\`); \`latest\` is never a pin`,
    );
  }
  if (wanted.version !== undefined && wanted.version !== found.value) {
    throw genAiFailed(
      `\`${command}\` reports version ${JSON.stringify(found.value)} for \`${name}\`, but \`${requested}\` was requested`,
      `pin a version of \`${name}\` that the CLI reports in model-registry.json`,
    );
  }
  return { name, version: found.value, id: `${name}@${found.value}`, capabilities: readCapabilities(raw), raw };
}
