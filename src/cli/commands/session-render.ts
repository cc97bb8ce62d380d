import type { SessionReport, TimelineEvent } from '../../claude-code/session-report.js';
import type { SessionProblem } from '../../claude-code/transcripts-dir.js';
import type { CliContext } from '../command.js';
import { renderTable } from '../output.js';

/** How `session list` and `session report` show a session as text. */

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  if (minutes < 60) return `${minutes}m ${seconds}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatTime(at: string | undefined): string {
  return at === undefined ? '-' : at.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1Z');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

export function warn(context: CliContext, problems: readonly SessionProblem[]): void {
  if (context.json) return; // they are in the JSON document
  for (const problem of problems)
    context.io.stderr.write(
      `${context.colors.yellow('warning')}: ${problem.file}:${problem.line}: ${problem.message}\n`,
    );
}

/** The figures `session list` shows for each session. */
export const summaryOf = (report: SessionReport) => ({
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
