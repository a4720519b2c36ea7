import { stripMarkdownComments } from './markdown';

describe('stripMarkdownComments', () => {
  it('removes comments on their own lines (with the line) and inside lines (only the comment)', () => {
    const md =
      '# Brand\n<!-- reviewer: Dana wants teal -->\nUse teal.<!-- TODO ask legal --> Always.\n<!--\n  internal: pitch lost to Globex\n-->\nEnd\n';
    expect(stripMarkdownComments(md)).toEqual({ text: '# Brand\nUse teal. Always.\nEnd\n', removed: 3 });
  });

  it('keeps fenced code blocks and text without comments as they are', () => {
    const md = 'Intro\n```html\n<!-- kept: an example -->\n```\nAfter <!-- gone -->\n';
    expect(stripMarkdownComments(md)).toEqual({
      text: 'Intro\n```html\n<!-- kept: an example -->\n```\nAfter \n',
      removed: 1,
    });
    expect(stripMarkdownComments('plain\n')).toEqual({ text: 'plain\n', removed: 0 });
  });
});
