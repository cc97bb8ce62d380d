import { describe, expect, it } from 'vitest';
import { simulatedPlan } from './sim-plan.js';

interface Plan {
  steps: { id: string; agent: string; task: string; needs: string[] }[];
}

const plan = (agents: readonly string[], maxSteps: number): Plan =>
  JSON.parse(simulatedPlan('add CSV export', agents, maxSteps)) as Plan;

describe('simulatedPlan', () => {
  it('delegates research, the change, its tests and a review, each task carrying the goal', () => {
    const { steps } = plan(['research', 'engineer', 'qa', 'code-reviewer', 'ops'], 7);
    expect(steps.map((step) => `${step.id}:${step.agent}<${step.needs.join(',')}`)).toEqual([
      'research:research<',
      'implement:engineer<research',
      'test:qa<implement',
      'review:code-reviewer<implement',
    ]);
    for (const step of steps) expect(step.task).toContain('add CSV export');
  });

  it('keeps within the cap and drops needs on steps whose agent is missing', () => {
    expect(plan(['research', 'engineer', 'qa'], 2).steps.map((step) => step.id)).toEqual([
      'research',
      'implement',
    ]);
    expect(plan(['engineer', 'qa'], 7).steps).toEqual([
      expect.objectContaining({ id: 'implement', needs: [] }),
      expect.objectContaining({ id: 'test', needs: ['implement'] }),
    ]);
  });

  it('falls back to one step for the first agent when none of the usual ones exists', () => {
    expect(plan(['translator'], 7).steps).toEqual([
      { id: 'do-it', agent: 'translator', task: 'add CSV export', needs: [] },
    ]);
  });
});
