import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../src/agents/index.js';
import { Router } from '../src/routing/index.js';

/**
 * Every task the documentation routes as an example (README.md, docs/*.md, and the CLI help
 * texts in src/cli/commands/) must go to the agent the text implies. The examples are read from
 * the files themselves, so a new example is checked as soon as it is written; its expected agent
 * comes from an @mention in it, the labelled docs tasks (`"source":"docs"` in
 * bench/routing/bundled-tasks.jsonl), or the table below. An example with none of these fails.
 */
const EXPECTED: Readonly<Record<string, string>> = {
  'add a --json flag to the report command': 'engineer',
  'add tests for the date parser': 'qa',
  'add tests': 'qa',
  'write unit tests for the date parser': 'qa',
  'explain the retry policy': 'research',
  'summarise the changelog': 'documentation',
  'summarise the incident log': 'research', // reading a log and reporting on it: read-only investigation
  'make the build faster': 'performance',
  'add SSO login with tests': 'engineer',
};

const root = new URL('../', import.meta.url);

/** A routed example: `claude-hybrid route|run [flags] "task"` without --agent or --pm. */
const CLI_EXAMPLE = /claude-hybrid (?:route|run)\b((?: +--?[a-z-]+)*) +"([^"\n]+)"([^\n`|']*)/g;
/** The library's `hybrid.route('task')` and `hybrid.run('task', {...})` without an agent. */
const LIBRARY_EXAMPLE = /(?<!workflows)\.(?:route|run)\(\s*'([^'\n]+)'(\s*,\s*\{[^}]*\})?/g;

/** Placeholders such as "<task>" or "task" stand for any task. */
function isPlaceholder(task: string): boolean {
  return task.includes('<') || task === 'task' || task === '-';
}

interface Example {
  readonly task: string;
  readonly where: string;
}

function examplesIn(file: string, text: string): Example[] {
  const found: Example[] = [];
  for (const match of text.matchAll(CLI_EXAMPLE)) {
    const [, before = '', task = '', after = ''] = match;
    if (/--(?:agent|pm)\b/.test(`${before} ${after}`) || isPlaceholder(task)) continue;
    found.push({ task, where: file });
  }
  for (const match of text.matchAll(LIBRARY_EXAMPLE)) {
    const task = match[1] ?? '';
    if (/\bagent\s*:/.test(match[2] ?? '') || isPlaceholder(task)) continue;
    found.push({ task, where: file });
  }
  return found;
}

function read(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

function documentedExamples(): Example[] {
  const files = [
    'README.md',
    ...readdirSync(new URL('docs/', root))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
    ...readdirSync(new URL('src/cli/commands/', root))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => `src/cli/commands/${name}`),
  ];
  const all = files.flatMap((file) => examplesIn(file, read(file)));
  const seen = new Set<string>();
  return all.filter((example) => {
    if (seen.has(example.task)) return false;
    seen.add(example.task);
    return true;
  });
}

/** The labelled docs tasks: task → agent. */
function labelledDocsTasks(): Map<string, string> {
  const labelled = new Map<string, string>();
  for (const line of read('bench/routing/bundled-tasks.jsonl').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { task: string; agent: string; source?: string }; // our own data file
    if (entry.source === 'docs') labelled.set(entry.task, entry.agent);
  }
  return labelled;
}

describe('documented routing examples', () => {
  const agents = new AgentRegistry({
    projectRoot: '/nonexistent-project',
    hybridHome: '/nonexistent-home',
    claudeHome: '/nonexistent-claude',
  })
    .load()
    .agents.map((entry) => entry.definition);
  const router = new Router(agents);
  const labelled = labelledDocsTasks();
  const examples = documentedExamples();

  it('finds the examples in the docs and the help texts', () => {
    const tasks = examples.map((example) => example.task);
    expect(tasks).toContain('add tests for the date parser');
    expect(tasks).toContain('write unit tests for the date parser');
    expect(tasks).toContain('profile the checkout API'); // hybrid.run in docs/library.md
    expect(tasks).not.toContain('review the auth middleware'); // it names --agent security
  });

  it.each(examples.map((example) => [example.task, example.where] as const))(
    '%j (%s) goes to the agent the text implies',
    (task) => {
      const expected =
        /(?:^|\s)@([a-z0-9-]+)/.exec(task)?.[1] ?? labelled.get(task) ?? EXPECTED[task];
      expect(
        expected,
        `no expected agent for ${JSON.stringify(task)}: add it to EXPECTED in this test`,
      ).toBeDefined();
      expect(router.route(task).agent).toBe(expected);
    },
  );
});
