import { digitalSourceTypeOf, TRAINED_ALGORITHMIC_MEDIA } from './digital-source-type';

describe('digitalSourceTypeOf', () => {
  it('discloses plain generated work (no rights item) and generated items as trainedAlgorithmicMedia', () => {
    expect(TRAINED_ALGORITHMIC_MEDIA).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia');
    expect(digitalSourceTypeOf()).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(digitalSourceTypeOf({ kind: 'generated' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(digitalSourceTypeOf({ kind: 'reference-face' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
  });

  it('gives licensed stock and client-supplied material no AI disclosure', () => {
    expect(digitalSourceTypeOf({ kind: 'licensed-stock' })).toBeUndefined();
    expect(digitalSourceTypeOf({ kind: 'client-supplied' })).toBeUndefined();
  });

  it("takes the item's own digitalSourceType, a bare NewsCodes term or a full URI", () => {
    expect(
      digitalSourceTypeOf({ kind: 'client-supplied', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' }),
    ).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia');
    expect(
      digitalSourceTypeOf({
        kind: 'generated',
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
      }),
    ).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture');
    expect(digitalSourceTypeOf({ kind: 'generated', digitalSourceType: '  ' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
  });
});
