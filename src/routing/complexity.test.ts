import { describe, expect, it } from 'vitest';
import { assessComplexity } from './complexity.js';

describe('assessComplexity', () => {
  it.each([
    ['fix the typo in the README', 'simple'],
    ['rename the helper function to parseDate', 'simple'],
    [
      'add a CSV export button to the reports page that downloads the current filtered table, with a test for the serializer and an entry in the changelog',
      'moderate',
    ],
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

  it('explains each feature with its weight', () => {
    const { reasons } = assessComplexity('rotate the leaked API secrets and audit auth logs');
    expect(reasons.some((reason) => /^risk: secrets, auth \(/.test(reason))).toBe(true);
    expect(reasons.every((reason) => /\([+-]\d/.test(reason))).toBe(true);
  });

  it('notes design wording and a single named file', () => {
    const design = assessComplexity('work out the service boundaries and a rollout plan');
    expect(design.reasons.some((reason) => reason.startsWith('design or planning: '))).toBe(true);
    const oneFile = assessComplexity('read the limit from src/config.ts and src/config.ts again');
    expect(oneFile.reasons.some((reason) => reason.startsWith('one file named'))).toBe(true);
  });

  it('bounds the text it reads', () => {
    const started = performance.now();
    assessComplexity(`delete ${'x '.repeat(2_500_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
