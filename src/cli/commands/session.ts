import { join, resolve } from 'node:path';
import { buildReport } from '../../claude-code/session-report.js';
import {
  encodeProjectPath,
  listSessionFiles,
  loadSession,
  projectTranscriptsDir,
  transcriptsRoot,
} from '../../claude-code/transcripts-dir.js';
import type { SessionFile } from '../../claude-code/transcripts-dir.js';
import { SessionError, UsageError } from '../../errors.js';
import { closestNames } from '../../routing/routing.bundle.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';
import { renderTable } from '../output.js';
import {
  formatCost,
  formatDuration,
  formatTime,
  renderReport,
  summaryOf,
  warn,
} from './session-render.js';
import { bundledModelTable } from '../../models/index.js';

/** Sessions `session list` shows without `--limit`. */
const DEFAULT_LIMIT = 20;

const PROJECT_OPTION = {
  project: {
    type: 'string',
    value: 'DIR',
    description: 'The project whose sessions to read (default: the current directory)',
  },
} as const;

interface ProjectSessions {
  readonly project: string;
  /** Where the transcripts are, or would be. */
  readonly dir: string;
  readonly sessions: readonly SessionFile[];
}

async function projectSessions(
  context: CliContext,
  values: ParsedValues,
): Promise<ProjectSessions> {
  const project = resolve(context.io.cwd, stringValue(values, 'project') ?? '.');
  const root = transcriptsRoot(context.io.env);
  const dir = await projectTranscriptsDir(root, project);
  if (dir === undefined)
    return { project, dir: join(root, encodeProjectPath(project)), sessions: [] };
  return { project, dir, sessions: await listSessionFiles(dir) };
}

function noSessions(found: ProjectSessions): SessionError {
  return new SessionError(
    'session.none',
    `no Claude Code sessions for ${found.project} (looked in ${found.dir})`,
    'run claude in that project first, pass --project DIR, or set CLAUDE_CONFIG_DIR',
  );
}

/** An exact id, else a unique prefix of one (as with git hashes). */
function pickSession(found: ProjectSessions, id: string): SessionFile {
  const exact = found.sessions.find((session) => session.id === id);
  if (exact !== undefined) return exact;
  const matches = found.sessions.filter((session) => session.id.startsWith(id));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const ids = found.sessions.map((session) => session.id);
  if (matches.length > 1)
    throw new SessionError(
      'session.ambiguous_id',
      `"${id}" matches ${matches.length} sessions`,
      `use more of the id: ${matches
        .slice(0, 3)
        .map((session) => session.id)
        .join(', ')}`,
    );
  throw new SessionError(
    'session.unknown_id',
    `no session "${id}" in ${found.project}`,
    `closest: ${closestNames(id, ids).join(', ')} (claude-hybrid session list)`,
  );
}

export const sessionGroup: CommandGroup = {
  name: 'session',
  summary: 'Inspect Claude Code sessions: timeline, delegations, tool failures, tokens and cost.',
  subcommands: [
    {
      name: 'list',
      summary: "The project's Claude Code sessions, newest first, with duration and cost.",
      usage: '[--project DIR] [--limit N] [--json]',
      details:
        'Reads the transcripts Claude Code writes under $CLAUDE_CONFIG_DIR/projects (else\n' +
        "~/.claude/projects), subagent transcripts included. Lists the project's sessions, newest\n" +
        'first (default 20): id, start, duration, prompts, tool calls (and failures), cost, priced\n' +
        'from the bundled model table. * marks a cost that includes a model the table does not list\n' +
        '(counted as $0).',
      options: {
        ...PROJECT_OPTION,
        limit: {
          type: 'string',
          value: 'N',
          description: `How many sessions to show (default ${DEFAULT_LIMIT})`,
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid session list', 'claude-hybrid session list --limit 5 --json'],
      async run(context, values) {
        const limit = integerValue(values, 'limit', DEFAULT_LIMIT, {
          min: 1,
          hint: 'pass e.g. --limit 5',
        });
        const found = await projectSessions(context, values);
        const table = bundledModelTable();
        const rows = [];
        for (const session of found.sessions.slice(0, limit)) {
          const loaded = await loadSession(session);
          const report = buildReport(loaded.entries, table);
          rows.push({ ...summaryOf(report), id: session.id, problems: loaded.problems.length });
        }
        if (context.json) {
          context.writeJson({
            project: found.project,
            transcriptsDir: found.dir,
            total: found.sessions.length,
            sessions: rows,
          });
          return 0;
        }
        if (rows.length === 0) {
          context.out(`no Claude Code sessions for ${found.project} (looked in ${found.dir})`);
          return 0;
        }
        context.out(
          renderTable(
            ['SESSION', 'STARTED', 'DURATION', 'PROMPTS', 'TOOLS', 'COST'],
            rows.map((row) => [
              row.id,
              formatTime(row.startedAt),
              formatDuration(row.durationMs),
              String(row.prompts),
              row.failures > 0
                ? `${row.toolCalls} (${row.failures} failed)`
                : String(row.toolCalls),
              `${formatCost(row.costUsd)}${row.unpricedModels.length > 0 ? ' *' : ''}`,
            ]),
          ),
        );
        if (rows.some((row) => row.unpricedModels.length > 0))
          context.out('* includes models not in the model table, counted as $0');
        if (found.sessions.length > rows.length)
          context.out(`(${found.sessions.length - rows.length} older; --limit N shows more)`);
        return 0;
      },
    },
    {
      name: 'report',
      summary: "One session's timeline, delegations, tool counts and failures, tokens and cost.",
      usage: '[ID | --latest] [--project DIR] [--json]',
      details:
        'ID is a session id or a unique prefix of one; without it (or with --latest) the most\n' +
        'recently written session is shown. The report: a timeline of prompts, assistant turns and\n' +
        "tool calls with their durations and failures (a subagent's own steps indented under it), the\n" +
        'delegation tree, tool counts, the failures, and tokens (input, output, cache write, cache\n' +
        'read) and cost per model. An API message Claude Code wrote as several lines is counted once.\n\n' +
        'Lines that cannot be read (a session still being written ends in a partial line) are\n' +
        'warnings, with their line numbers, not errors. Exit 2 when the session does not exist.\n' +
        '--json prints the whole report.',
      options: {
        latest: { type: 'boolean', description: 'The most recently written session' },
        ...PROJECT_OPTION,
      },
      positionals: { min: 0, max: 1, name: 'ID' },
      examples: [
        'claude-hybrid session report --latest',
        'claude-hybrid session report 3f2a9c1e --json',
      ],
      async run(context, values, positionals) {
        const id = positionals[0];
        if (id !== undefined && flag(values, 'latest'))
          throw new UsageError('pass a session ID or --latest, not both');
        const found = await projectSessions(context, values);
        const latest = found.sessions[0];
        if (latest === undefined) throw noSessions(found);
        const session = id === undefined ? latest : pickSession(found, id);
        const loaded = await loadSession(session);
        const report = buildReport(loaded.entries, bundledModelTable());
        if (context.json) {
          context.writeJson({
            ...report,
            file: session.file,
            subagentFiles: loaded.subagentFiles,
            problems: loaded.problems,
          });
          return 0;
        }
        warn(context, loaded.problems);
        context.out(renderReport(report, context));
        return 0;
      },
    },
  ],
};
