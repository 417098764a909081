/** Notes search (shared/notes-search.ts): one tokeniser for the core, the search panel's highlighting and the fake. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteSearchTerms, noteSnippet, searchNoteTexts } from '../../../shared/notes-search.ts';

test('host names, target paths and circuit ids stay one word; punctuation around them does not count', () => {
  assert.deepEqual(noteSearchTerms('  Mail.ACME.com, (casc/int)  DIA-55821! '), [
    'mail.acme.com',
    'casc/int',
    'dia-55821',
  ]);
  assert.deepEqual(noteSearchTerms(' ,;() '), []);
});

test('rules first, then alert notes newest first; every term must occur', () => {
  const rules = [
    {
      id: 7,
      name: 'Lumen BGP',
      match: { component: 'BGP', deviceGlob: null },
      tierNotes: 'Call the carrier.',
      deviceNotes: '',
    },
  ];
  const entries = [
    { alertNumber: 1, title: '#1 router', text: 'BGP flap, called the carrier' },
    { alertNumber: 2, title: '#2 router', text: 'BGP down again; carrier says fibre cut' },
  ];
  const hits = searchNoteTexts(rules, entries, 'bgp, carrier');
  assert.deepEqual(
    hits.map((hit) => [hit.ruleId, hit.alertNumber]),
    [
      [7, null],
      [null, 2],
      [null, 1],
    ],
  );
  assert.deepEqual(
    searchNoteTexts(rules, entries, 'fibre bgp').map((hit) => hit.alertNumber),
    [2],
  );
  assert.deepEqual(searchNoteTexts(rules, entries, ''), []);
});

test('a snippet is cut around the first term and marked where it was cut', () => {
  const text = `${'a '.repeat(200)}needle ${'b '.repeat(200)}`;
  const cut = noteSnippet(text, 'needle', 60);
  assert.ok(cut.startsWith('…') && cut.endsWith('…') && cut.includes('needle'));
});
