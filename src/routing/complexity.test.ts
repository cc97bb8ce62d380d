import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPLEXITY_MODEL, assessComplexity } from './complexity.js';
import type { Complexity } from './complexity.js';

const RANK: Readonly<Record<Complexity, number>> = { simple: 0, moderate: 1, complex: 2 };

function tuningTasks(name: string): { task: string; complexity: Complexity }[] {
  const file = new URL(`../../bench/routing/${name}-tasks.jsonl`, import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { task: string; complexity: Complexity }); // our own data
}

describe('assessComplexity', () => {
  it.each([
    ['fix the typo in the README', 'simple'],
    ['rename the helper function to parseDate', 'simple'],
    ['what does the --legacy flag in scripts/build.sh do?', 'simple'],
    ['app crashes on startup', 'moderate'],
    ['add a --json flag to the report command that prints the same data as JSON', 'moderate'],
    ['roll back prod', 'complex'],
    [
      'migrate the users table to the new auth schema, backfill the data and delete the legacy password column in production without downtime',
      'complex',
    ],
    [
      'redesign the architecture across all services to remove the race condition in the distributed job scheduler',
      'complex',
    ],
  ])('%j is %s', (task, expected) => {
    const assessment = assessComplexity(task);
    expect(assessment.complexity).toBe(expected);
    expect(assessment.reasons.length).toBeGreaterThan(0);
  });

  it('explains each feature with what it adds to each score', () => {
    const { reasons } = assessComplexity('rotate the leaked API secrets and audit auth logs');
    const { security } = COMPLEXITY_MODEL.weights;
    expect(reasons).toContain(
      `security: leaked, secrets (risk +${security.risk}, scope +${security.scope})`,
    );
    expect(reasons.some((reason) => reason.startsWith('a review: audit ('))).toBe(true);
    expect(
      reasons.every((reason) => /\(risk [+-]\d[\d.]*, scope [+-]\d[\d.]*\)$/.test(reason)),
    ).toBe(true);
  });

  it('weighs risk and scope apart: a risky one-liner is complex, a long routine change is not', () => {
    const risky = assessComplexity('roll back prod');
    const routine = assessComplexity(
      'add a --json flag to the report command that prints the same data as JSON',
    );
    expect(risky.score).toBeGreaterThanOrEqual(COMPLEXITY_MODEL.complexFrom);
    expect(routine.score).toBeLessThan(COMPLEXITY_MODEL.complexFrom);
    expect(routine.scope).toBeGreaterThanOrEqual(COMPLEXITY_MODEL.simpleBelow);
  });

  it('reads the kind of work, the opening and the files named', () => {
    const move = assessComplexity('Move our Vue 2 Options API app to Vue 3 with Pinia');
    expect(move.reasons.some((reason) => reason.startsWith('version jump: to Vue 3'))).toBe(true);
    const question = assessComplexity('where is the retry policy for outbound calls configured?');
    expect(question.reasons.some((reason) => reason.startsWith('opens with a question'))).toBe(
      true,
    );
    const oneFile = assessComplexity('read the limit from src/config.ts and src/config.ts again');
    expect(oneFile.reasons.some((reason) => reason.startsWith('one file named'))).toBe(true);
    const many = assessComplexity('convert the ~60 components under src/pages to hooks');
    expect(many.reasons.some((reason) => reason.startsWith('many parts (60)'))).toBe(true);
  });

  it('counts units as the one regular expression it replaces did', () => {
    // The expression `mostUnits` replaced, kept here as the reference.
    const reference =
      /\b(\d+)\+?\s+(?:[a-z-]+\s)?(?:services|files|components|repos|repositories|packages|routes|tables|controllers|modules|endpoints|resources|teams|apps|microservices|pages|screens|jobs|functions|queries|workflows|regions|tenants|agents|clusters|databases)\b/gi;
    const expected = (text: string): string | undefined => {
      let most = 0;
      for (const match of text.matchAll(reference)) most = Math.max(most, Number(match[1]));
      return most >= 5 ? `many parts (${most})` : undefined;
    };
    const seen = (text: string): string | undefined =>
      assessComplexity(text)
        .reasons.find((reason) => reason.startsWith('many parts'))
        ?.split(' (risk')[0];
    for (const text of [
      'split the 20 services',
      'clean up 40 legacy files',
      'rename 5 Services now',
      'we have 20 30 files to move',
      'mirror 40 repositories',
      'touch 3 files',
      'mount 12 filesystems',
      'update 10+ microservices and 7 micro-frontend pages',
      'check 99 servicesX and 8 service',
      'sort 6\tfiles',
      'merge 1000 FILES and 20 jobs',
      'fix 9 files_old',
      'port 50 api-gateway routes, then 6 big old tables',
      'the N+1 queries',
    ])
      expect(seen(text), text).toBe(expected(text));
  });

  it('treats a pasted error as the cause in hand', () => {
    const { reasons } = assessComplexity(
      'pytest fails in CI with `UnicodeDecodeError: ascii codec cannot decode byte 0xc3`',
    );
    expect(reasons.some((reason) => reason.startsWith('the code or error is pasted'))).toBe(true);
  });

  it('leans up: no tuning set gets a cheaper tier than its label for more than 5% of tasks', () => {
    for (const name of ['bundled', 'wshobson', 'voltagent']) {
      const tasks = tuningTasks(name);
      const under = tasks.filter(
        (task) => RANK[assessComplexity(task.task).complexity] < RANK[task.complexity],
      ).length;
      expect(under / tasks.length, name).toBeLessThanOrEqual(0.05);
    }
  });

  it('bounds the text it reads', () => {
    const started = performance.now();
    assessComplexity(`delete ${'x '.repeat(2_500_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
