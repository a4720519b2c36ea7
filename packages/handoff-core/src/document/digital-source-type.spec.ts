import { digitalSourceTypeFor, TRAINED_ALGORITHMIC_MEDIA } from './digital-source-type';

describe('digitalSourceTypeFor', () => {
  it('discloses plain generated work (no rights item) and generated items as trainedAlgorithmicMedia', () => {
    expect(TRAINED_ALGORITHMIC_MEDIA).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia');
    expect(digitalSourceTypeFor()).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(digitalSourceTypeFor({ kind: 'generated' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(digitalSourceTypeFor({ kind: 'reference-face' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
  });

  it('gives licensed stock and client-supplied material no AI disclosure', () => {
    expect(digitalSourceTypeFor({ kind: 'licensed-stock' })).toBeUndefined();
    expect(digitalSourceTypeFor({ kind: 'client-supplied' })).toBeUndefined();
  });

  it("takes the item's own digitalSourceType, a bare NewsCodes term or a full URI", () => {
    expect(digitalSourceTypeFor({ kind: 'client-supplied', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' }))
      .toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia');
    expect(digitalSourceTypeFor({ kind: 'generated', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' }))
      .toBe('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture');
    expect(digitalSourceTypeFor({ kind: 'generated', digitalSourceType: '  ' })).toBe(TRAINED_ALGORITHMIC_MEDIA);
  });
});
