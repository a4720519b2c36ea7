import { clientConfigSchema, type ClientConfig } from '../config/client-config';
import {
  configuredKeptCategories,
  digitalSourceTypeFor,
  keptCategoriesFor,
  removedImageCategories,
  whiteLabelGateFor,
} from './image-policy';

const BASE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

function config(extra: Record<string, unknown> = {}, items: object[] = []): ClientConfig {
  return clientConfigSchema.parse({
    client: 'Acme',
    engagement: 'e',
    version: 1,
    date: '2026-04-22',
    support: { contact: 'x' },
    rights: { status: 's', items },
    ...extra,
  });
}

describe('image metadata policy', () => {
  it('digitalSourceTypeFor: generated assets are trainedAlgorithmicMedia unless their rights item says otherwise', () => {
    const c = config({}, [
      { asset: 'deliverables/stock/photo.jpg', kind: 'licensed-stock' },
      {
        asset: './deliverables/a/composite.png',
        kind: 'generated',
        digitalSourceType: 'compositeWithTrainedAlgorithmicMedia',
      },
      {
        asset: 'deliverables/a/edited.png',
        kind: 'client-supplied',
        digitalSourceType: 'https://example.org/custom-type',
      },
      { asset: 'deliverables/a/typed.png', kind: 'generated' },
    ]);
    expect(digitalSourceTypeFor({ rel: 'deliverables/a/hero.png' }, c)).toBe(`${BASE}trainedAlgorithmicMedia`);
    expect(digitalSourceTypeFor({ rel: 'deliverables/a/typed.png' }, c)).toBe(`${BASE}trainedAlgorithmicMedia`);
    expect(digitalSourceTypeFor({ rel: 'deliverables/a/composite.png' }, c)).toBe(
      `${BASE}compositeWithTrainedAlgorithmicMedia`,
    );
    expect(digitalSourceTypeFor({ rel: 'deliverables/a/edited.png' }, c)).toBe('https://example.org/custom-type');
    expect(digitalSourceTypeFor({ rel: 'deliverables/stock/photo.jpg' }, c)).toBeUndefined();
  });

  it('rejects a digitalSourceType that is neither a vocabulary code nor a URI', () => {
    expect(() => config({}, [{ asset: 'a.png', kind: 'generated', digitalSourceType: 'AI generated!' }])).toThrow(
      /IPTC Digital Source Type code/,
    );
  });

  it('keeps provenance by default; keepC2pa and keep change it; stock keeps its rights regardless', () => {
    expect(configuredKeptCategories(config())).toEqual([
      'c2pa',
      'digital-source-type',
      'rights',
      'icc-profile',
      'orientation',
    ]);
    expect(removedImageCategories(config())).toEqual([
      'png-text',
      'exif',
      'xmp',
      'iptc',
      'jpeg-comment',
      'timestamp',
      'thumbnail',
      'other-metadata',
      'trailing-data',
    ]);
    expect(configuredKeptCategories(config({ strip: { images: { keepC2pa: false } } }))).not.toContain('c2pa');
    const narrow = config({ strip: { images: { keep: ['icc-profile'] } } }, [
      { asset: 'deliverables/s.jpg', kind: 'licensed-stock' },
    ]);
    expect(keptCategoriesFor({ rel: 'deliverables/hero.png' }, narrow)).toEqual(['icc-profile']);
    expect(keptCategoriesFor({ rel: 'deliverables/s.jpg' }, narrow)).toEqual(['rights', 'icc-profile']);
    expect(whiteLabelGateFor(narrow).keep).toEqual(['rights', 'icc-profile']);
    expect(configuredKeptCategories(config({ strip: { images: { keep: [], embedDisclosure: true } } }))).toEqual([
      'digital-source-type',
    ]);
    expect(() => config({ strip: { images: { keep: ['trailing-data'] } } })).toThrow();
  });

  it('the gate accepts the listed signed files as they are, under both layouts', () => {
    const c = config({ strip: { images: { shipSignedAsIs: ['deliverables/spring/signed.png'] } } });
    expect(whiteLabelGateFor(c).keepMetadataIn).toEqual(['assets/spring/signed.png', 'data/assets/spring/signed.png']);
  });
});
