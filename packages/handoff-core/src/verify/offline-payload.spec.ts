import { checkPayloadOffline } from './offline-payload';

const caps = { aspectRatios: ['1:1', '16:9'], maxPromptLength: 10, seed: true, params: ['style'] };

describe('checkPayloadOffline', () => {
  it('accepts a payload within the capabilities', () => {
    expect(
      checkPayloadOffline(
        { model: 'm@1', prompt: 'teal wave', seed: 3, aspectRatio: '16:9', params: { style: 'flat' } },
        caps,
      ),
    ).toEqual([]);
  });
  it('reports each violation', () => {
    expect(
      checkPayloadOffline(
        { model: 'm@latest', prompt: 'a teal wave!', aspectRatio: '4:3', params: { quality: 'hd' } },
        caps,
      ),
    ).toEqual([
      'model m@latest is not a pinned name@version',
      'prompt is 12 characters, the model accepts at most 10',
      'aspect ratio 4:3 is not one the model accepts (1:1, 16:9)',
      'parameter quality is not one the model accepts (style)',
    ]);
  });
  it('refuses an empty prompt and a seed the model does not take', () => {
    expect(checkPayloadOffline({ model: 'm@1', prompt: '  ', seed: 1 }, { seed: false })).toEqual([
      'prompt is empty',
      'the model does not accept a seed',
    ]);
  });
  it('counts characters, not UTF-16 units, and checks only what the capabilities list', () => {
    expect(
      checkPayloadOffline(
        { model: 'm@1', prompt: '🦊🦊🦊', aspectRatio: '7:1', params: { anything: 1 } },
        { maxPromptLength: 3 },
      ),
    ).toEqual([]);
    expect(checkPayloadOffline({ model: 'm@1', prompt: 'x', params: { style: 'a' } }, { params: [] })).toEqual([
      'parameter style is not one the model accepts (none)',
    ]);
  });
});
