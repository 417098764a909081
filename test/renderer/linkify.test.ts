/** Bare addresses found in plain text: where a link starts and ends in running prose, in linear time. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitLinks } from '../../renderer/components/common/linkify.ts';

const links = (text: string): string[] =>
  splitLinks(text).flatMap((segment) => (segment.kind === 'link' ? [segment.href] : []));

describe('splitLinks', () => {
  it('finds addresses and leaves sentence punctuation outside them', () => {
    assert.deepEqual(links('see https://wiki.example/x7. Then http://a.example/b?c=d, and (https://c.example/e).'), [
      'https://wiki.example/x7',
      'http://a.example/b?c=d',
      'https://c.example/e',
    ]);
    assert.deepEqual(links('https://en.wikipedia.org/wiki/Foo_(bar)'), ['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('joins back to the same text, and leaves text without addresses alone', () => {
    const text = 'ticket https://t.example/1; ftp://not.example and mailto:x@y.example stay text; https:// alone too';
    assert.equal(
      splitLinks(text)
        .map((segment) => segment.text)
        .join(''),
      text,
    );
    assert.deepEqual(links(text), ['https://t.example/1']);
    assert.deepEqual(splitLinks('no links here'), [{ kind: 'text', text: 'no links here' }]);
  });

  it('scans a hostile 200,000-character line in linear time', () => {
    const hostile = 'https://' + 'a.'.repeat(50_000) + ' ' + 'http:/'.repeat(15_000);
    const started = performance.now();
    const segments = splitLinks(hostile);
    assert.ok(performance.now() - started < 500, 'well under a second');
    assert.equal(segments.map((segment) => segment.text).join(''), hostile);
  });
});
