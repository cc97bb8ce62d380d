import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDuration } from '../../files/index.js';
import { UsageError } from '../../errors.js';
import { MEMORY_SECTIONS, captureLearnings, sectionOf } from './memory.bundle.js';
import type { AddOutcome, MemoryEntry, MemorySection } from '../../memory/index.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CommandGroup, ParsedValues } from '../command.js';
import { renderTable } from '../output.js';
import { AGENT_SOURCE_OPTIONS } from './agent-sources.js';
import { knownAgent, withMemory, withReplica } from './memory-context.js';
import { EXPORT_FORMAT, memoryError, readExport } from './memory-import.js';

const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

function sectionFlag(values: ParsedValues): MemorySection {
  const type = stringValue(values, 'type');
  if (type === undefined) return 'Notes';
  const section = sectionOf(type);
  if (section === undefined)
    throw new UsageError(
      `--type must be one of ${MEMORY_SECTIONS.join(', ')}; got "${type}"`,
      'pass e.g. --type decisions',
    );
  return section;
}

function describeOutcome(agent: string, outcome: AddOutcome): string {
  switch (outcome.status) {
    case 'added':
      return `added to ${agent} (${outcome.entry.section})`;
    case 'merged':
      return `merged with a near-duplicate in ${agent} (${outcome.entry.section}): "${outcome.replaced.content.slice(0, 60)}"`;
    case 'rejected':
      return `rejected: ${outcome.reason}`;
  }
}

function entryRows(agent: string, entries: readonly MemoryEntry[]): string[][] {
  return entries.map((entry) => [
    agent,
    entry.section,
    entry.date,
    entry.content.replace(/\n/g, ' '),
  ]);
}

const limitOf = (values: ParsedValues): number =>
  integerValue(values, 'limit', 10, { min: 1, max: 1000, hint: 'pass e.g. --limit 20' });

export const memoryGroup: CommandGroup = {
  name: 'memory',
  summary: 'Agent memory: add, list, search, show, optimize, prune, export, import, capture.',
  subcommands: [
    {
      name: 'add',
      summary: 'Remember a fact for an agent (or for every agent: project).',
      usage: 'AGENT "text" [--type T] [--json]',
      details:
        "Adds a dated entry to .claude-hybrid/memories/AGENT.md under its type's section. AGENT is\n" +
        'any discovered agent, or project (facts every agent needs); an unknown name is an error that\n' +
        'lists the closest (memory.unknown_agent). Types: Critical, Environment, Decisions, Patterns,\n' +
        'Gotchas, Notes (default Notes). A near-duplicate of an entry already there (85% alike)\n' +
        'replaces it, dated today, instead of adding another. Says whether the entry was added,\n' +
        'merged or rejected (exit 2, memory.rejected, with the reason: empty, over 4 KB, control\n' +
        'characters).',
      options: {
        type: {
          type: 'string',
          value: 'T',
          description: 'Section: critical, environment, decisions, patterns, gotchas or notes',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: {
        min: 2,
        max: Number.POSITIVE_INFINITY,
        name: 'AGENT "text"',
        complete: ['agent', 'text'],
      },
      examples: [
        'claude-hybrid memory add engineer "Use pnpm, not npm, in this repo" --type environment',
        'claude-hybrid memory add project "Production deploys only on weekdays" --type critical',
      ],
      run: (context, values, positionals) =>
        withMemory(context, values, ({ store, names }) => {
          const agent = knownAgent(positionals[0] ?? '', names);
          const section = sectionFlag(values);
          const outcome = store.add(agent, positionals.slice(1).join(' '), section);
          if (context.json) context.writeJson({ agent, ...outcome });
          else if (outcome.status === 'rejected')
            throw memoryError(
              'memory.rejected',
              `not added: ${outcome.reason}`,
              'shorten or rephrase the entry',
            );
          else context.out(describeOutcome(agent, outcome));
          return outcome.status === 'rejected' ? 2 : 0;
        }),
    },
    {
      name: 'list',
      summary: "List memory entries: one agent's, or every file's.",
      usage: '[AGENT] [--json]',
      details:
        'The entries of one memory file, or of every file. AGENT is any discovered agent, or project\n' +
        '(facts every agent needs); an unknown name is an error that lists the closest\n' +
        '(memory.unknown_agent).\n\n' +
        'JSON: {memories: [{agent, entries: [{section, date, content}]}]}.',
      options: { ...AGENT_SOURCE_OPTIONS },
      positionals: { min: 0, max: 1, name: 'AGENT', complete: ['agent'] },
      examples: ['claude-hybrid memory list engineer', 'claude-hybrid memory list --json'],
      run: (context, values, positionals) =>
        withReplica(context, values, ({ store, names }) => {
          const agents =
            positionals[0] === undefined ? store.agents() : [knownAgent(positionals[0], names)];
          const memories = agents.map((agent) => ({ agent, entries: store.show(agent).entries }));
          if (context.json) context.writeJson({ memories });
          else if (memories.every((memory) => memory.entries.length === 0))
            context.out('no memories yet; add one with: claude-hybrid memory add AGENT "text"');
          else
            context.out(
              renderTable(
                ['AGENT', 'SECTION', 'DATE', 'ENTRY'],
                memories.flatMap((memory) => entryRows(memory.agent, memory.entries)),
                context.io.stdout.columns ?? 120,
              ),
            );
          return 0;
        }),
    },
    {
      name: 'search',
      summary: "Find entries by relevance (BM25 over every memory, or one agent's and project's).",
      usage: '"query" [--agent A] [--limit N] [--json]',
      details:
        "Entries ranked by relevance (SQLite FTS5, BM25 with Porter stemming; any of the query's\n" +
        "words match), across every file, or with --agent across that agent's and the project's.\n\n" +
        'JSON: {results: [...]}, the best match first.',
      options: {
        agent: {
          type: 'string',
          value: 'A',
          description: "Search this agent's and the project's memory only",
          complete: 'agent',
        },
        limit: { type: 'string', value: 'N', description: 'At most N results (default 10)' },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 1, max: Number.POSITIVE_INFINITY, name: '"query"' },
      examples: ['claude-hybrid memory search "package manager" --agent engineer'],
      run: (context, values, positionals) =>
        withReplica(context, values, ({ store, names }) => {
          const named = stringValue(values, 'agent');
          const hits = store.search(positionals.join(' '), {
            ...(named === undefined ? {} : { agent: knownAgent(named, names) }),
            limit: limitOf(values),
          });
          if (context.json) context.writeJson({ results: hits });
          else if (hits.length === 0) context.out('no matching memory');
          else
            context.out(
              renderTable(
                ['AGENT', 'SECTION', 'DATE', 'ENTRY'],
                hits.map((hit) => [
                  hit.agent,
                  hit.section,
                  hit.date,
                  hit.content.replace(/\n/g, ' '),
                ]),
                context.io.stdout.columns ?? 120,
              ),
            );
          return 0;
        }),
    },
    {
      name: 'show',
      summary: "Show an agent's memory file by section, with any problems a hand edit left.",
      usage: 'AGENT [--json]',
      details:
        'The file by section, its size, and the problems a hand edit left: each broken line is still\n' +
        'kept as an entry, and reported with its line number. AGENT is any discovered agent, or\n' +
        'project (facts every agent needs); an unknown name is an error that lists the closest\n' +
        '(memory.unknown_agent).',
      options: { ...AGENT_SOURCE_OPTIONS },
      positionals: { min: 1, max: 1, name: 'AGENT', complete: ['agent'] },
      examples: ['claude-hybrid memory show engineer'],
      run: (context, values, positionals) =>
        withReplica(context, values, ({ store, names }) => {
          const view = store.show(knownAgent(positionals[0] ?? '', names));
          if (context.json) {
            context.writeJson(view);
            return 0;
          }
          const lines = [
            `${context.colors.bold(view.agent)} · ${view.file} · ${view.bytes} bytes · ${view.entries.length} entries`,
          ];
          let section: string | undefined;
          for (const entry of view.entries) {
            if (entry.section !== section) {
              section = entry.section;
              lines.push(context.colors.cyan(`## ${section}`));
            }
            lines.push(
              `- ${entry.date === '' ? '(no date)' : entry.date}: ${entry.content.replace(/\n/g, '\n  ')}`,
            );
          }
          for (const problem of view.problems)
            lines.push(
              context.colors.yellow(`warning: ${view.file}:${problem.line}: ${problem.message}`),
            );
          context.out(lines.join('\n'));
          return 0;
        }),
    },
    {
      name: 'optimize',
      summary:
        'Merge near-duplicates and, near the size cap, drop the oldest entries (never Critical).',
      usage: '[AGENT] [--dry-run] [--json]',
      details:
        'Merges near-duplicates (85% alike) and, over 80% of memory.maxKilobytes, drops the oldest\n' +
        'entries (never Critical ones) until the file is at 60%; reports bytes and entries before and\n' +
        'after. Without AGENT, every file. --dry-run reports and writes nothing.\n\n' +
        'JSON: {results: [{agent, bytesBefore, bytesAfter, entriesBefore, entriesAfter, merged,\n' +
        'dropped, dryRun}]}.',
      options: {
        'dry-run': { type: 'boolean', description: 'Report what would change; write nothing' },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 0, max: 1, name: 'AGENT', complete: ['agent'] },
      examples: [
        'claude-hybrid memory optimize --dry-run',
        'claude-hybrid memory optimize engineer',
      ],
      run: (context, values, positionals) =>
        withMemory(context, values, ({ store, names }) => {
          const agents =
            positionals[0] === undefined ? store.agents() : [knownAgent(positionals[0], names)];
          const dryRun = flag(values, 'dry-run');
          const results = agents.map((agent) => store.optimize(agent, dryRun));
          if (context.json)
            context.writeJson({
              results: results.map((result) => ({
                agent: result.agent,
                bytesBefore: result.bytesBefore,
                bytesAfter: result.bytesAfter,
                entriesBefore: result.entriesBefore,
                entriesAfter: result.entriesAfter,
                merged: result.merged,
                dropped: result.dropped,
                dryRun,
              })),
            });
          else
            context.out(
              results.length === 0
                ? 'no memory files'
                : results
                    .map(
                      (result) =>
                        `${result.agent}: ${result.bytesBefore} → ${result.bytesAfter} bytes, ${result.entriesBefore} → ${result.entriesAfter} entries (${result.merged} merged, ${result.dropped} dropped)${dryRun ? ' [dry run]' : ''}`,
                    )
                    .join('\n'),
            );
          return 0;
        }),
    },
    {
      name: 'prune',
      summary: 'Remove session history older than a duration.',
      usage: '--older-than DURATION [--json]',
      details:
        'Removes session history (the record of past runs that recall draws on) older than DURATION,\n' +
        'a number and a unit: 90d, 12w, 48h.',
      options: {
        'older-than': { type: 'string', value: 'DURATION', description: 'e.g. 90d, 12w, 48h' },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid memory prune --older-than 90d'],
      run: (context, values) => {
        const text = stringValue(values, 'older-than');
        const ageMs = text === undefined ? undefined : parseDuration(text);
        if (ageMs === undefined)
          throw new UsageError(
            `--older-than needs a duration such as 90d, 12w or 48h${text === undefined ? '' : `; got "${text}"`}`,
            'pass e.g. --older-than 90d',
          );
        return withMemory(context, values, ({ store }) => {
          const removed = store.prune(ageMs);
          if (context.json) context.writeJson({ removed });
          else
            context.out(
              `removed ${removed} past run${removed === 1 ? '' : 's'} from session history`,
            );
          return 0;
        });
      },
    },
    {
      name: 'export',
      summary: "Print every memory file's entries as one JSON document.",
      usage: '[--json]',
      details:
        'JSON: {format: 1, memories: {AGENT: [{section, date, content}]}}, which `memory import`\n' +
        'reads.',
      options: {},
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid memory export > memory.json'],
      run: (context, values) =>
        withReplica(context, values, ({ store }) => {
          context.writeJson({ format: EXPORT_FORMAT, memories: store.exportAll() });
          return 0;
        }),
    },
    {
      name: 'import',
      summary:
        'Add the entries of a `memory export` file, keeping their dates (near-duplicates merge).',
      usage: 'FILE [--allow-evict] [--json]',
      details:
        'Adds the entries of a `memory export` file with their exported dates; a near-duplicate of an\n' +
        'entry already there merges (the newer stays). All or nothing: when a memory file would grow\n' +
        'past 80% of its cap (memory.maxKilobytes), where old entries get dropped, nothing is imported\n' +
        '(memory.import_too_large) unless --allow-evict, which lets the oldest entries go (never\n' +
        'Critical ones). Anything other than an export is refused (memory.bad_import).\n\n' +
        'JSON: {added, merged, rejected, dropped, evicted, problems}: every imported entry is counted\n' +
        'once in added, merged, rejected or dropped; evicted counts entries that were there before.',
      options: {
        'allow-evict': {
          type: 'boolean',
          description: 'Let the size cap drop the oldest entries instead of refusing the import',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 1, max: 1, name: 'FILE' },
      examples: [
        'claude-hybrid memory import memory.json',
        'claude-hybrid memory import big-export.json --allow-evict',
      ],
      run: (context, values, positionals) =>
        withMemory(context, values, ({ store, names }) => {
          const groups = readExport(resolve(context.io.cwd, positionals[0] ?? ''));
          // Every name is checked before anything is written: no half-done import.
          for (const { agent } of groups) knownAgent(agent, names);
          const report = store.importAll(groups, { allowEvict: flag(values, 'allow-evict') });
          if (context.json) context.writeJson(report);
          else
            context.out(
              [
                `added ${report.added}, merged ${report.merged}, rejected ${report.rejected}, ` +
                  `dropped ${report.dropped}, evicted ${report.evicted}`,
                ...report.problems.map((problem) => `rejected: ${problem}`),
              ].join('\n'),
            );
          return 0;
        }),
    },
    {
      name: 'capture',
      summary:
        "Store the learnings in an agent's output: Remember blocks, JSON remember arrays, directives.",
      usage: 'AGENT [FILE|-] [--json]',
      details:
        'Reads FILE (or standard input) as the output of AGENT, for example a Claude Code subagent\n' +
        "result, and adds what it asks to remember to that agent's memory, or to project memory: its\n" +
        '# Remember: blocks, JSON {"remember": [...]} arrays and, since you asked for it, its\n' +
        '"remember that / always / never" directives (which count only in text a user chose, never in\n' +
        "a model's answer).\n\n" +
        'JSON: {captured: [{agent, outcomes}]}, by the memory file each learning went to.',
      options: { ...AGENT_SOURCE_OPTIONS },
      positionals: { min: 1, max: 2, name: 'AGENT [FILE|-]', complete: ['agent', 'file'] },
      examples: [
        'claude-hybrid memory capture engineer result.md',
        'some-command | claude-hybrid memory capture qa -',
      ],
      run: (context, values, positionals) =>
        withMemory(context, values, ({ store, names }) => {
          const agent = knownAgent(positionals[0] ?? '', names);
          const source = positionals[1] ?? '-';
          const text = readFileSync(source === '-' ? 0 : resolve(context.io.cwd, source))
            .subarray(0, MAX_CAPTURE_BYTES)
            .toString('utf8');
          const captured = captureLearnings(store, agent, text);
          if (context.json) context.writeJson({ captured });
          else if (captured.length === 0) context.out('nothing to remember in that output');
          else
            context.out(
              captured
                .flatMap((group) =>
                  group.outcomes.map((outcome) => describeOutcome(group.agent, outcome)),
                )
                .join('\n'),
            );
          return 0;
        }),
    },
  ],
};
