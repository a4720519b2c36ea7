import { displayPath } from '../config/read-json';
import { collectProblems, HandoffError, type Problem } from '../errors';
import type { ApprovedSet, LoadedClient, StrippedSet } from '../types';
import { applyPromptOverridesToSet } from '../whitelabel/prompt-override';
import { brandDocRemovals } from './brand-docs';
import { removedImageCategories, stripsImageMetadata } from './image-policy';
import { stripJsonAssets } from './json-assets';
import { stripMarkdownAssets } from './markdown';
import { findSignedImages } from './signed-images';
import { stripInternal } from './strip';
import { findJobTerms, termProblem } from '../whitelabel/terms';

/**
 * The strip stage: prompt overrides, signed images, internal JSON keys, Markdown comments, brand
 * documents, internal tags and fields — then the denylisted terms left in the jobs that ship.
 * With `problems`, every problem is added there and the stage goes on (handoff-check); without,
 * the first failing step throws and remaining terms throw together (the pipeline).
 */
export async function stripApprovedSet(
  client: LoadedClient,
  approved: ApprovedSet,
  problems?: Problem[],
): Promise<StrippedSet> {
  const keep = async <T>(step: () => Promise<T> | T, fallback: T): Promise<T> =>
    problems ? ((await collectProblems(problems, step)) ?? fallback) : step();
  const { strip } = client.config;
  const configFile = displayPath(client.configFile, client.workspaceRoot);
  const overridden = await keep(
    () => applyPromptOverridesToSet(approved, strip.promptOverrides, { terms: strip.terms, configFile }),
    { set: approved, records: [] },
  );
  const signed = await keep(() => findSignedImages(client, overridden.set.assets), [] as string[]);
  const signedSet = new Set(signed);
  const json = await stripJsonAssets(overridden.set.assets, strip);
  const markdown = await stripMarkdownAssets(json.assets);
  const brand = await brandDocRemovals(client);
  const set = stripInternal({ ...overridden.set, assets: markdown.assets }, strip, {
    promptOverrides: overridden.records.map(({ jobId, reason, note }) => ({ jobId, reason, note })),
    imagesStripped: overridden.set.assets.filter((a) => stripsImageMetadata(a, client.config, signedSet)).length,
    imagesSigned: signed,
    imageCategoriesRemoved: removedImageCategories(client.config),
    jsonAssetFields: json.fieldsRemoved + brand.fields,
    markdownComments: markdown.commentsRemoved + brand.comments,
  });
  const termProblems = findJobTerms(set.jobs, strip.terms).map((h) => termProblem(client, h));
  if (termProblems.length && !problems) throw new HandoffError(termProblems);
  problems?.push(...termProblems);
  return set;
}
