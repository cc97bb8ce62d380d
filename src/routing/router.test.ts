import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../agents/index.js';
import type { AgentDefinition } from '../agents/index.js';
import { parseAgentText } from '../agents/index.js';
import { CONFIDENT_AT } from './confidence.js';
import { GENERALIST_PRIOR, Router } from './router.js';
import { buildQuery } from './task-query.js';
import { terms } from './text.js';

function agent(name: string, description: string): AgentDefinition {
  const outcome = parseAgentText(`---\nname: ${name}\ndescription: ${description}\n---\n`, 'a.md');
  if (outcome.kind !== 'ok') throw new Error('fixture must parse');
  return outcome.definition;
}

function bundledAgents(): AgentDefinition[] {
  const registry = new AgentRegistry({
    projectRoot: '/nonexistent-project',
    hybridHome: '/nonexistent-home',
    claudeHome: '/nonexistent-claude',
  });
  return registry.load().agents.map((entry) => entry.definition);
}

describe('Router', () => {
  const router = new Router(bundledAgents());

  it.each([
    ['write unit tests for the date parser and raise coverage', 'qa'],
    ['our checkout API is slow, profile the p99 latency', 'performance'],
    ['audit the login flow for injection and auth bypass vulnerabilities', 'security'],
    ['the CI pipeline fails when building the docker image', 'ops'],
    ['update the README with the new install steps', 'documentation'],
  ])('routes %j to %s, with reasons', (task, expected) => {
    const decision = router.route(task);
    expect(decision.agent).toBe(expected);
    expect(decision.via).toBe('index');
    expect(decision.confidence).toBeGreaterThan(0);
    expect(decision.confidence).toBeLessThanOrEqual(1);
    expect(decision.reasons.length).toBeGreaterThan(0);
    expect(decision.alternatives[0]?.agent).toBe(expected);
  });

  it('routes by intent when the task names no agent vocabulary, and says which cue fired', () => {
    const decision = router.route(
      'why does my cart total show 0.30000000000000004 instead of 0.30? the prices are 0.1 and 0.2',
    );
    expect(decision.agent).toBe('debugger');
    expect(decision.reasons).toContain('"why does" suggests debugging');
  });

  it('widens a task with the domain its identifiers imply, as if the task had named it', () => {
    const agents = [
      agent('java-pro', 'Writes modern Java services'),
      agent('debugger', 'Finds why code crashes'),
    ];
    const decision = new Router(agents).route('make the ArrayList loop stop throwing on remove');
    expect(decision.agent).toBe('java-pro');
    expect(decision.reasons).toContain('"arraylist" suggests java');
    expect(buildQuery('make the ArrayList loop stop throwing on remove').query.get('java')).toBe(1);
  });

  it('gives as reasons only the cues that speak for the choice, and names where the others point', () => {
    const agents = [
      agent('qa', 'Writes automated tests and closes coverage gaps'),
      agent('refactoring', 'Restructures a parser or module without changing behaviour'),
    ];
    const decision = new Router(agents, { generalist: 'none' }).route(
      'restructure the date parser module, and mention tests',
    );
    expect(decision.agent).toBe('refactoring');
    expect(decision.reasons.join('\n')).not.toMatch(/test/);
    expect(decision.doubts).toContainEqual(
      expect.stringMatching(/suggests testing, which points to qa, the runner-up/),
    );
  });

  it('says when it is unsure and names the runner-up', () => {
    const agents = [
      agent('frontend', 'Builds user interface components'),
      agent('designer', 'Designs user interface layouts'),
    ];
    const close = new Router(agents, { generalist: 'none' }).route('user interface');
    expect(close.unsure).toBe(true);
    expect(close.runnerUp).toBe(close.alternatives[1]?.agent);
    expect(close.confidence).toBeLessThan(CONFIDENT_AT);
    expect(close.doubts[0]).toMatch(/^close call: \S+, the runner-up, scored/);
    const clear = router.route('write unit tests for the date parser and raise coverage');
    expect(clear.confidence).toBeGreaterThanOrEqual(CONFIDENT_AT);
    expect(clear).toMatchObject({ agent: 'qa', unsure: false });
    expect(clear.runnerUp).toBe(clear.alternatives[1]?.agent);
  });

  it('lets an explicit @mention win, and ignores emails and npm scopes', () => {
    expect(router.route('@security please look at the README typos')).toMatchObject({
      agent: 'security',
      via: 'mention',
      confidence: 1,
    });
    expect(router.route('mail bob@qa.example.com about the README').via).not.toBe('mention');
    expect(router.route('upgrade @types/node and fix the README').via).not.toBe('mention');
  });

  it('routes an @mention of a dotted name, and reads a dot that ends the name as punctuation', () => {
    const dotted = new Router([
      agent('powershell-5.1-expert', 'Windows PowerShell 5.1 scripting'),
      agent('powershell-7-expert', 'PowerShell 7 scripting'),
      agent('pm', 'plans work'),
    ]);
    expect(dotted.route('@powershell-5.1-expert port this script')).toMatchObject({
      agent: 'powershell-5.1-expert',
      via: 'mention',
    });
    expect(dotted.route('ask @powershell-5.1-expert.').agent).toBe('powershell-5.1-expert');
    expect(dotted.route('ask @pm.then ship it')).toMatchObject({ agent: 'pm', via: 'mention' });
    expect(() => dotted.route('@powershell-5.2-expert port this')).toThrow(
      /no agent named "@powershell-5\.2-expert"; closest: powershell-5\.1-expert/,
    );
  });

  it('names the closest agents for an unknown @mention', () => {
    expect(() => router.route('@secuirty check this')).toThrow(
      /no agent named "@secuirty"; closest: security/,
    );
  });

  it('falls back to the default agent when nothing matches well', () => {
    const decision = router.route('zzz qqq');
    expect(decision).toMatchObject({ agent: 'pm', via: 'fallback' });
    expect(decision.reasons[0]).toMatch(/falling back to pm/);
  });

  it('refuses an empty task and scores a huge one on a bounded prefix', () => {
    expect(() => router.route('   ')).toThrow(/the task is empty/);
    const huge = `write unit tests for the date parser and raise coverage ${'lorem ipsum '.repeat(500_000)}`;
    const started = performance.now();
    expect(router.route(huge).agent).toBe('qa');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(terms(huge).length).toBeLessThan(5000);
  });

  it('prefers the agent named for a technology the task implies', () => {
    const agents = [
      agent('php-pro', 'Writes modern PHP'),
      agent('queue-expert', 'Fixes background jobs that fail or never retry'),
    ];
    const task = 'a Laravel job never retries';
    expect(buildQuery(task).technologies).toEqual(new Set(['php', 'laravel']));
    const decision = new Router(agents).route(task, { top: 2 });
    expect(decision.agent).toBe('php-pro');
    const [first, second] = decision.alternatives;
    expect(first?.score).toBeGreaterThan(second?.score ?? 0);
  });

  it('gives the generalist the benefit of the doubt against a slightly better specialist', () => {
    const agents = [
      agent('engineer', 'Builds features in application code'),
      agent('api-designer', 'Designs API endpoints'),
      agent('tester', 'Writes tests'),
    ];
    const task = 'the export endpoint needs building';
    const plain = new Router(agents, { generalist: 'none' }).route(task);
    expect(plain.agent).toBe('api-designer');
    const engineer = plain.alternatives.find((alternative) => alternative.agent === 'engineer');
    const designer = plain.alternatives[0]?.score ?? 0;
    expect((engineer?.score ?? 0) * GENERALIST_PRIOR).toBeGreaterThan(designer);
    const decision = new Router(agents).route(task);
    expect(decision.agent).toBe('engineer');
    expect(decision.reasons).toContain('engineer is the generalist: its score counts 1.3 times');
    expect(new Router(agents).route('design the export API endpoint').agent).toBe('api-designer');
  });

  it('refuses to fall back to a default agent that does not exist, rather than name it', () => {
    const agents = [agent('qa', 'Writes unit tests')];
    const router = new Router(agents, { defaultAgent: 'nobody' });
    expect(router.route('write unit tests').agent).toBe('qa');
    expect(() => router.route('xyzzy plugh')).toThrow(
      expect.objectContaining({ code: 'routing.no_default_agent' }),
    );
  });
});
