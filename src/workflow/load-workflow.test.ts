import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { catchError } from '../../test/support/catch-error.js';
import { WorkflowError } from '../errors.js';
import { loadWorkflowFile, requireValid, resolveInputs } from './load-workflow.js';

const FIXTURES = new URL('../../test/fixtures/workflow/', import.meta.url).pathname;
const AGENTS = ['pm', 'engineer', 'code-reviewer', 'qa', 'research'];

let dir: { dir: string; cleanup: () => void };
beforeEach(() => {
  dir = makeTempDir('claude-hybrid-workflow-');
});
afterEach(() => {
  dir.cleanup();
});

function issuesOf(yaml: string): string[] {
  const file = join(dir.dir, 'flow.yaml');
  writeFileSync(file, yaml);
  return loadWorkflowFile(file, AGENTS).issues.map((issue) => issue.replace(`${file}:`, ''));
}

const chain = (steps: string): string => `version: 1\nsteps:\n${steps}`;

describe('workflow files', () => {
  it('reads every field of format 1', () => {
    const loaded = loadWorkflowFile(join(FIXTURES, 'v1-full.yaml'), AGENTS);
    expect(loaded.issues).toEqual([]);
    const { definition, steps } = requireValid(loaded);
    expect(definition).toMatchObject({
      name: 'full-example',
      maxCostUsd: 2.5,
      maxConcurrency: 3,
      inputs: {
        goal: { description: 'What to do', default: undefined },
        mode: { default: 'strict' },
        depth: { default: '3' },
      },
    });
    expect(definition.steps.map((step) => [step.id, step.agent, step.needs])).toEqual([
      ['plan', 'pm', []],
      ['build', undefined, ['plan']],
      ['review', 'code-reviewer', ['build']],
    ]);
    expect(definition.steps[0]).toMatchObject({
      model: 'haiku',
      timeoutMs: 90_000,
      retries: 1,
      escalate: true,
      output: { schema: { type: 'object', required: ['steps'] } },
    });
    expect(definition.steps[1]?.escalate).toBeUndefined();
    expect(definition.steps[1]?.output).toBeUndefined();
    expect(definition.steps[0]?.handoff).toEqual({ maxTokens: 2000, summarize: false });
    expect(definition.steps[1]?.handoff).toEqual({ maxTokens: 500, summarize: true });
    expect(definition.steps[2]?.repeat?.max).toBe(3);
    expect([...(steps[2]?.ancestors ?? [])].sort()).toEqual(['build', 'plan']);
  });

  it('refuses a newer format, naming the upgrade', () => {
    expect(loadWorkflowFile(join(FIXTURES, 'v2-future.yaml'), AGENTS).issues[0]).toMatch(
      /v2-future.yaml:1: version: format 2 is newer than this claude-hybrid reads \(1\); upgrade/,
    );
  });

  it('rejects prototype keys as unknown keys without polluting anything', () => {
    const issues = loadWorkflowFile(join(FIXTURES, 'prototype-injection.yaml'), AGENTS).issues;
    expect(issues.some((issue) => issue.includes('unknown key "__proto__"'))).toBe(true);
    expect(issues.some((issue) => /steps\.0\.__proto__: unknown key/.test(issue))).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports malformed YAML with its line', () => {
    expect(loadWorkflowFile(join(FIXTURES, 'malformed.yaml'), AGENTS).issues).toEqual([
      expect.stringMatching(/malformed\.yaml:\d+: \(root\): invalid YAML: /),
    ]);
  });

  it('finds a cycle and names it', () => {
    expect(
      issuesOf(
        chain(
          '  - {id: a, agent: qa, task: x, needs: c}\n  - {id: b, agent: qa, task: x, needs: a}\n  - {id: c, agent: qa, task: x, needs: b}\n',
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^3: steps\.0\.needs: the steps form a cycle: a → c → b → a$/),
    ]);
  });

  it('reports needs, references and agents that do not exist, with lines and close names', () => {
    const issues = issuesOf(
      [
        'version: 1',
        'inputs:',
        '  goal: ship it',
        'steps:',
        '  - id: design',
        '    agent: enginer',
        '    task: "{{inputs.gaol}}"',
        '  - id: build',
        '    agent: engineer',
        '    needs: [desing]',
        '    task: "{{steps.design.output}} {{steps.nowhere.output}} {{steps.build.outptu}}"',
        '  - id: check',
        '    agent: qa',
        '    task: "{{steps.design.output}} {{repeat.previous}}"',
        '    when: inputs.goal > 1',
        '',
      ].join('\n'),
    );
    expect(issues).toEqual([
      '6: steps.0.agent: unknown agent "enginer"; closest: engineer, pm, qa',
      '7: steps.0.task: task: inputs.gaol is not a declared input; closest: goal',
      '10: steps.1.needs: step "build" needs "desing", which is not a step; closest: design, check',
      '11: steps.1.task: task: steps.design.output: step "design" is not among the needs of "build", so it may not have run yet; add it to needs',
      '14: steps.2.task: task: steps.design.output: step "design" is not among the needs of "check", so it may not have run yet; add it to needs',
      '15: steps.2.when: when: ">" needs numbers on both sides, got string and number',
    ]);
  });

  it('checks templates and conditions of steps that do need each other', () => {
    const issues = issuesOf(
      chain(
        [
          '  - {id: a, agent: qa, task: go}',
          '  - id: b',
          '    agent: qa',
          '    needs: a',
          '    task: "{{steps.a.outptu}} {{repeat.iteration}} {{ not a ref }}"',
          '    when: steps.a.output ==',
          '',
        ].join('\n'),
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^7: steps\.1\.task: task: "\{\{not a ref\}\}" is not a reference/),
      '8: steps.1.when: when: ends where a value was expected',
    ]);
    expect(
      issuesOf(chain('  - {id: a, agent: qa, task: "{{steps.a.outptu}}", needs: []}\n')),
    ).toEqual([
      expect.stringMatching(
        /steps\.a\.outptu: a step has output, status, cost, iterations, not "outptu"/,
      ),
    ]);
    expect(issuesOf(chain('  - {id: a, agent: qa, task: "{{repeat.previous}}"}\n'))).toEqual([
      '3: steps.0.task: task: repeat.previous is only available in a step with repeat:',
    ]);
  });

  it('reports wrong types, unknown keys and missing fields together', () => {
    expect(
      issuesOf(
        [
          'version: 1',
          'maxConcurrency: 0',
          'steps:',
          '  - id: a',
          '    agent: qa',
          '    route: auto',
          '    task: x',
          '    timeout: soon',
          '    retries: 99',
          '    maxCostUsd: -1',
          '    color: blue',
          '  - id: a',
          '    agent: qa',
          '  - just text',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '2: maxConcurrency: maxConcurrency is a whole number from 1 to 256, found 0',
      '4: steps.0: step "a" needs exactly one of agent: NAME or route: auto',
      '8: steps.0.timeout: "soon" is not a duration; write e.g. 90s or 5m',
      '9: steps.0.retries: retries is a whole number from 0 to 10, found 99',
      '10: steps.0.maxCostUsd: maxCostUsd is a positive number (US dollars), found -1',
      '11: steps.0.color: unknown key "color"; expected one of id, agent, route, task, needs, when, model, maxCostUsd, timeout, retries, repeat, handoff, escalate, output',
      '12: steps.1.id: step id "a" is used twice',
      '12: steps.1: step "a" has no task',
      '14: steps.2: a step is a mapping with id, agent (or route: auto) and task',
    ]);
    expect(issuesOf('steps: []\n')).toEqual([
      '1: (root): missing "version: 1"',
      '1: steps: steps is a non-empty list of steps, each with an id, an agent and a task',
    ]);
  });

  it('checks escalate and the output schema of a step', () => {
    const step = (lines: string): string =>
      chain(`  - id: a\n    agent: qa\n    task: x\n${lines}`);
    expect(issuesOf(step('    escalate: yes please\n'))).toEqual([
      '6: steps.0.escalate: escalate is true or false, found "yes please"',
    ]);
    expect(issuesOf(step('    output: json\n'))).toEqual([
      '6: steps.0.output: output is a mapping with schema (a JSON Schema)',
    ]);
    expect(issuesOf(step('    output: {}\n'))).toEqual([
      '6: steps.0.output: output needs schema: a JSON Schema mapping',
    ]);
    expect(issuesOf(step('    output:\n      schema: [1]\n      format: json\n'))).toEqual([
      '7: steps.0.output.schema: schema is a JSON Schema mapping, found a list',
      '8: steps.0.output.format: unknown key "format"; expected one of schema',
    ]);
    const [unusable] = issuesOf(step('    output:\n      schema: { type: nothing }\n'));
    expect(unusable).toMatch(/^7: steps\.0\.output\.schema: not a usable JSON Schema: .*type/);
  });

  it('refuses a missing, huge or non-UTF-8 file with one line', () => {
    expect(
      catchError(WorkflowError, () => loadWorkflowFile(join(dir.dir, 'none.yaml'), AGENTS)),
    ).toMatchObject({
      code: 'workflow.unreadable',
      exitCode: 2,
    });
    expect(
      catchError(WorkflowError, () => loadWorkflowFile(join(dir.dir, 'none.yaml'), AGENTS)).message,
    ).toMatch(/no such file/);
    const huge = join(dir.dir, 'huge.yaml');
    writeFileSync(huge, 'x'.repeat(2 * 1024 * 1024));
    expect(catchError(WorkflowError, () => loadWorkflowFile(huge, AGENTS))).toMatchObject({
      code: 'workflow.too_large',
    });
    const latin = join(dir.dir, 'latin.yaml');
    writeFileSync(latin, Buffer.from([0x76, 0x65, 0x72, 0xe9, 0x0a]));
    expect(catchError(WorkflowError, () => loadWorkflowFile(latin, AGENTS))).toMatchObject({
      code: 'workflow.unreadable',
    });
  });

  it('throws the first issue as one line, counting the rest', () => {
    const file = join(dir.dir, 'two.yaml');
    writeFileSync(
      file,
      chain('  - {id: a, agent: nobody, task: x}\n  - {id: b, agent: ghost, task: x}\n'),
    );
    const error = catchError(WorkflowError, () => requireValid(loadWorkflowFile(file, AGENTS)));
    expect(error).toMatchObject({ code: 'workflow.invalid', exitCode: 2 });
    expect((error as Error).message).toMatch(/unknown agent "nobody".* \(and 1 more\)$/);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('resolveInputs', () => {
  const definition = requireValid(
    loadWorkflowFile(join(FIXTURES, 'v1-full.yaml'), AGENTS),
  ).definition;

  it('fills defaults and keeps given values', () => {
    expect(resolveInputs(definition, { goal: 'x', mode: 'lenient' })).toEqual({
      goal: 'x',
      mode: 'lenient',
      depth: '3',
    });
  });

  it('names a missing required input and an unknown one', () => {
    expect(catchError(WorkflowError, () => resolveInputs(definition, {}))).toMatchObject({
      code: 'workflow.missing_input',
      hint: 'pass --input goal=VALUE',
    });
    const unknown = catchError(WorkflowError, () =>
      resolveInputs(definition, { goal: 'x', gaol: 'y' }),
    );
    expect(unknown.code).toBe('workflow.unknown_input');
    expect(unknown.message).toMatch(/no input "gaol"; closest: goal/);
  });
});
