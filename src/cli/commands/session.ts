import { join, resolve } from 'node:path';
import { buildReport } from '../../claude-code/session-report.js';
import type { SessionReport, TimelineEvent } from '../../claude-code/session-report.js';
import {
  encodeProjectPath,
  listSessionFiles,
  loadSession,
  projectTranscriptsDir,
  transcriptsRoot,
} from '../../claude-code/transcripts-dir.js';
import type { SessionFile, SessionProblem } from '../../claude-code/transcripts-dir.js';
import { HybridError, UsageError } from '../../errors.js';
import { bundledModelTable, closestNames } from '../../routing/index.js';
import { flag, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';
import { renderTable } from '../output.js';

/**
 * A Claude Code session could not be found. Codes: `session.none` (the project has no
 * transcripts), `session.unknown_id` (no session has that id or prefix), `session.ambiguous_id`
 * (a prefix matches several). All are user errors (exit 2).
 */
export class SessionError extends HybridError {
  constructor(code: string, message: string, hint: string) {
    super(code, message, { hint, exitCode: 2 });
  }
}

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

function parseLimit(values: ParsedValues): number {
  const text = stringValue(values, 'limit');
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit "${text}" is not a positive whole number`, 'e.g. --limit 5');
  return limit;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  if (minutes < 60) return `${minutes}m ${seconds}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

function formatTime(at: string | undefined): string {
  return at === undefined ? '-' : at.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1Z');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

function warn(context: CliContext, problems: readonly SessionProblem[]): void {
  if (context.json) return; // they are in the JSON document
  for (const problem of problems)
    context.io.stderr.write(
      `${context.colors.yellow('warning')}: ${problem.file}:${problem.line}: ${problem.message}\n`,
    );
}

/** The figures `session list` shows for each session. */
const summaryOf = (report: SessionReport) => ({
  id: report.sessionId,
  startedAt: report.startedAt,
  endedAt: report.endedAt,
  durationMs: report.durationMs,
  prompts: report.prompts,
  toolCalls: report.tools.reduce((sum, tool) => sum + tool.calls, 0),
  failures: report.failures.length,
  delegations: report.delegations.length,
  costUsd: report.totals.costUsd,
  unpricedModels: report.unpricedModels,
});

/** A short label for whoever did something: the subagent type, nested by delegation depth. */
function actorLabels(report: SessionReport): Map<string, { label: string; depth: number }> {
  const labels = new Map<string, { label: string; depth: number }>();
  const byAgent = new Map(report.delegations.map((item) => [item.agentId, item]));
  for (const delegation of report.delegations) {
    if (delegation.agentId === undefined) continue;
    let depth = 1;
    let parent = delegation.parentAgentId;
    const seen = new Set<string>();
    while (parent !== undefined && !seen.has(parent)) {
      seen.add(parent);
      depth += 1;
      parent = byAgent.get(parent)?.parentAgentId;
    }
    labels.set(delegation.agentId, { label: delegation.subagentType, depth });
  }
  return labels;
}

function timelineLines(report: SessionReport, context: CliContext): string[] {
  const { colors } = context;
  const labels = actorLabels(report);
  const start = report.startedAt === undefined ? Number.NaN : Date.parse(report.startedAt);
  const lines: string[] = [];
  const offset = (event: TimelineEvent): string => {
    const at = event.at === undefined ? Number.NaN : Date.parse(event.at);
    return Number.isFinite(at - start) ? `+${formatDuration(at - start)}` : '';
  };
  for (const event of report.timeline) {
    const actor = event.agentId === undefined ? undefined : labels.get(event.agentId);
    const indent = '  '.repeat(actor?.depth ?? 0);
    const who = actor === undefined ? '' : colors.cyan(`[${actor.label}] `);
    let text: string;
    if (event.kind === 'prompt') text = `${colors.bold('prompt')}  ${event.text}`;
    else if (event.kind === 'assistant') {
      if (event.text === '') continue; // its tool calls follow on their own lines
      text = `${colors.dim(event.model ?? 'assistant')}  ${event.text}`;
    } else {
      const mark =
        event.status === 'ok'
          ? colors.green('ok  ')
          : event.status === 'error'
            ? colors.red('FAIL')
            : colors.yellow('....');
      const result = event.result === '' ? '' : ` → ${event.result}`;
      text = `${mark} ${event.name} ${event.input} (${formatDuration(event.durationMs)})${result}`;
    }
    lines.push(`  ${offset(event).padEnd(8)} ${indent}${who}${text}`);
  }
  return lines;
}

function delegationLines(report: SessionReport): string[] {
  if (report.delegations.length === 0) return ['  none'];
  const lines = ['  main'];
  const walk = (parent: string | undefined, prefix: string): void => {
    const children = report.delegations.filter((item) => item.parentAgentId === parent);
    for (const [index, item] of children.entries()) {
      const last = index === children.length - 1;
      const failed = item.failures > 0 ? `, ${item.failures} failed` : '';
      lines.push(
        `  ${prefix}${last ? '└─ ' : '├─ '}${item.subagentType} "${item.description}" · ${item.status}` +
          ` · ${formatDuration(item.durationMs)} · ${plural(item.toolCalls, 'tool call')}${failed}` +
          ` · ${formatCost(item.costUsd)}${item.agentId === undefined ? '' : ` · agent ${item.agentId}`}`,
      );
      if (item.result !== '') lines.push(`  ${prefix}${last ? '   ' : '│  '}   ${item.result}`);
      if (item.agentId !== undefined) walk(item.agentId, `${prefix}${last ? '   ' : '│  '}`);
    }
  };
  walk(undefined, '');
  return lines;
}

function indentLines(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}

export function renderReport(report: SessionReport, context: CliContext): string {
  const { colors } = context;
  const summary = summaryOf(report);
  const version =
    report.claudeCodeVersion === undefined ? '' : ` (Claude Code ${report.claudeCodeVersion})`;
  const tokens = (value: number): string => value.toLocaleString('en-US');
  const modelRows = report.models.map((usage) => [
    `${usage.model}${usage.priced ? '' : ' *'}`,
    String(usage.messages),
    tokens(usage.inputTokens),
    tokens(usage.outputTokens),
    tokens(usage.cacheWriteTokens),
    tokens(usage.cacheReadTokens),
    formatCost(usage.costUsd),
  ]);
  const { totals } = report;
  modelRows.push([
    'total',
    String(totals.messages),
    tokens(totals.inputTokens),
    tokens(totals.outputTokens),
    tokens(totals.cacheWriteTokens),
    tokens(totals.cacheReadTokens),
    formatCost(totals.costUsd),
  ]);
  const lines = [
    colors.bold(`Session ${report.sessionId ?? '?'}${version}`),
    `  ${formatTime(report.startedAt)} → ${formatTime(report.endedAt)} · ${formatDuration(report.durationMs)}` +
      ` · ${plural(summary.prompts, 'prompt')} · ${plural(summary.toolCalls, 'tool call')}` +
      ` (${summary.failures} failed) · ${plural(summary.delegations, 'delegation')}` +
      ` · ${formatCost(totals.costUsd)}`,
    '',
    colors.bold('Timeline'),
    ...timelineLines(report, context),
    '',
    colors.bold('Delegations'),
    ...delegationLines(report),
    '',
    colors.bold('Tools'),
    ...(report.tools.length === 0
      ? ['  none']
      : indentLines(
          renderTable(
            ['TOOL', 'CALLS', 'FAILED', 'PENDING', 'TIME'],
            report.tools.map((tool) => [
              tool.name,
              String(tool.calls),
              String(tool.failures),
              String(tool.pending),
              formatDuration(tool.totalDurationMs),
            ]),
          ),
        )),
  ];
  if (report.failures.length > 0) {
    lines.push('', colors.bold('Failures'));
    for (const failure of report.failures)
      lines.push(
        `  ${formatTime(failure.at)}  ${failure.name} ${failure.input} → ${failure.result}`,
      );
  }
  lines.push(
    '',
    colors.bold('Models'),
    ...indentLines(
      renderTable(
        ['MODEL', 'MESSAGES', 'INPUT', 'OUTPUT', 'CACHE WRITE', 'CACHE READ', 'COST'],
        modelRows,
      ),
    ),
  );
  if (report.unpricedModels.length > 0)
    lines.push(
      colors.yellow(
        `  * not in the model table, counted as $0: ${report.unpricedModels.join(', ')}`,
      ),
    );
  return lines.join('\n');
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
        '~/.claude/projects). Cost is priced from the bundled model table, subagents included.',
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
        const limit = parseLimit(values);
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
        'recently written session is shown. Subagent transcripts are read too. Lines that cannot\n' +
        'be read (a session still being written ends in a partial line) are warnings, with\n' +
        'their line numbers, not errors. Exit 2 when the session does not exist.',
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
