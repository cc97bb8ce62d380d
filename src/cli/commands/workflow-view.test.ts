import { describe, expect, it } from 'vitest';
import { plainStep } from '../../workflow/index.js';
import type { WorkflowDefinition } from '../../workflow/index.js';
import { createColors } from '../output.js';
import { formatTokens, renderSteps, stepDepths, viewOf } from './workflow-view.js';
import type { StepView } from './workflow-view.js';

const step = (id: string, needs: string[] = []) =>
  plainStep(id, 'qa', id, needs, { maxTokens: 100, summarize: false });

const definition: WorkflowDefinition = {
  version: 1,
  name: 'tree',
  description: undefined,
  inputs: {},
  maxCostUsd: undefined,
  maxConcurrency: 2,
  steps: [
    step('root'),
    step('left', ['root']),
    step('right', ['root']),
    step('end', ['left', 'right']),
  ],
};

describe('the step tree', () => {
  it('indents each step by its longest chain of needs', () => {
    expect(Object.fromEntries(stepDepths(definition))).toEqual({
      root: 0,
      left: 1,
      right: 1,
      end: 2,
    });
  });

  it('shows status, agent, model, live duration, tokens, cost, iterations and notes', () => {
    const views = new Map<string, StepView>([
      [
        'root',
        {
          ...viewOf(undefined),
          status: 'succeeded',
          agent: 'pm',
          model: 'claude-haiku-5-5',
          tokens: 12_345,
          costUsd: 0.0123,
          durationMs: 1_500,
        },
      ],
      ['left', { ...viewOf(undefined), status: 'running', startedAt: 1_000, durationMs: 0 }],
      [
        'right',
        {
          ...viewOf(undefined),
          status: 'failed',
          note: 'provider.timeout: too slow',
          iterations: 2,
          durationMs: 200,
        },
      ],
    ]);
    expect(renderSteps(definition, views, createColors(false), 3_500, 1)).toEqual([
      '✓ root     pm · claude-haiku-5-5  1.5s  12k tok  $0.0123',
      '⠙   left   qa  2.5s',
      '✗   right  qa  0.2s  ×2  provider.timeout: too slow',
      '·     end  qa',
    ]);
  });

  it('abbreviates token counts', () => {
    expect([formatTokens(999), formatTokens(1_234), formatTokens(56_789)]).toEqual([
      '999',
      '1.2k',
      '57k',
    ]);
  });
});
