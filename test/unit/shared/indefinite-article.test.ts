import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withArticle } from '../../../shared/indefinite-article.ts';

test('withArticle: "an" before a vowel, "a" before a consonant, either case', () => {
  assert.equal(withArticle('urgent'), 'an urgent');
  assert.equal(withArticle('URGENT'), 'an URGENT');
  assert.equal(withArticle('error'), 'an error');
  assert.equal(withArticle('high'), 'a high');
  assert.equal(withArticle('normal'), 'a normal');
  assert.equal(withArticle('low'), 'a low');
});
