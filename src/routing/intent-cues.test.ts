import { describe, expect, it } from 'vitest';
import { matchCues } from './intent-cues.js';
import { phraseWords } from './phrase-matcher.js';
import { matchTech } from './tech-terms.js';

describe('matchCues', () => {
  it.each([
    ['why does the total show 0.30000000000000004?', 'debugging'],
    ['it works locally but fails in ci', 'debugging'],
    [
      'how does the auth middleware pick public routes? do not change anything',
      'understanding code',
    ],
    ['evaluate date-fns vs luxon for us', 'comparing options'],
    ['ok to merge this?', 'review'],
    ['split it into smaller functions, nothing should change for the user', 'restructuring'],
    ['is /download?path= exploitable?', 'security'],
    ['ship csv export end to end', 'a multi-part plan'],
  ])('%j suggests %s', (text, intent) => {
    const found = matchCues(phraseWords(text));
    expect(found.map((cue) => cue.intent)).toContainEqual(expect.stringContaining(intent));
    expect(found.every((cue) => cue.terms.length > 0 && text.includes(cue.phrase))).toBe(true);
  });

  it('finds no intent in a plain request', () => {
    const found = matchCues(phraseWords('add a dark mode toggle to the settings page'));
    expect(found.filter((cue) => cue.kind === 'intent')).toEqual([]);
  });

  it.each([
    ['the product page takes 6 seconds to load', 'performance'],
    ['the site went down right after the deploy', 'incident response'],
    ['our aws bill doubled last month', 'cloud cost'],
    ['new hires take two weeks to get productive', 'developer experience'],
    ['add tests for the parser', 'testing'],
    ['this 2000 line class is impossible to change', 'refactoring'],
  ])('maps the everyday words of %j to the concept %s', (text, concept) => {
    const found = matchCues(phraseWords(text)).filter((cue) => cue.kind === 'concept');
    expect(found.map((cue) => cue.intent)).toContain(concept);
  });

  it("leaves a sentence without the field's concepts alone", () => {
    expect(matchCues(phraseWords('rename the variable in the greeting'))).toEqual([]);
  });
});

describe('matchTech', () => {
  it('maps identifiers to their domain, once per trigger', () => {
    const found = matchTech(
      phraseWords('ConcurrentModificationException on an ArrayList; ArrayList again'),
    );
    expect(found.map((cue) => cue.phrase)).toEqual([
      'concurrentmodificationexception',
      'arraylist',
    ]);
    expect(found[0]?.terms).toContain('java');
  });

  it('matches two-word and hyphenated triggers both ways', () => {
    expect(
      matchTech(phraseWords('VoiceOver and the screen reader')).map((cue) => cue.phrase),
    ).toEqual(['voiceover', 'screen reader']);
    expect(matchTech(phraseWords('a screen-reader bug'))[0]?.terms).toContain('accessibility');
  });

  it('ignores ordinary words', () => {
    expect(matchTech(phraseWords('please go through the list and fix the image'))).toEqual([]);
  });

  it('takes the most specific domain of a shared trigger, and whole triggers only', () => {
    // "postgres" is an sql trigger too; postgresql lists fewer triggers.
    expect(matchTech(phraseWords('postgres is slow'))[0]?.intent).toBe('postgresql');
    // "sql" is in "psql" and "mysql", but "mysq" and "ostgres" are no triggers.
    expect(matchTech(phraseWords('mysq ostgres'))).toEqual([]);
  });
});
