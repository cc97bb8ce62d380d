import type { RunDetailAnswer, RunSummary } from '../../api-types.js';
import { code, emptyState, h, replace } from '../dom.js';
import { formatCount, formatDateTime, formatDuration, formatUsd } from '../format.js';
import { formatHash } from '../router.js';
import { RefreshThrottle } from '../refresh-throttle.js';
import { RowCursor } from '../row-cursor.js';
import type { View, ViewContext } from '../view.js';
import {
  cell,
  keepFresh,
  listView,
  loading,
  num,
  panel,
  stat,
  statusBadge,
  table,
} from './common.js';
import { dagView } from './dag-view.js';

/** How often a running run's DAG is fetched again. */
const POLL_MS = 1000;

/** Agent runs and workflow runs; `#/runs/<runId>` shows one run's step DAG. */
export function runsView(context: ViewContext): View {
  return context.route.runId === null ? runList(context) : runDetail(context, context.route.runId);
}

/** The runs, newest first; a run that starts while the list is open appears within a second. */
function runList(context: ViewContext): View {
  const body = h('div', { class: 'view-body' });
  const element = h('section', { class: 'view', 'aria-label': 'Runs' }, body);
  const cursor = new RowCursor((row) => {
    row.querySelector('a')?.click();
  });
  keepFresh(
    context,
    body,
    (signal) => context.api.runs({ project: context.project, limit: 200 }, signal),
    (answer) => {
      if (answer.runs.length === 0)
        return emptyState(
          'No runs yet.',
          'Run ',
          code('claude-hybrid workflow run <name>'),
          ' for a workflow, or ',
          code('claude-hybrid run "<task>"'),
          ' for one agent. Runs and their step DAGs appear here.',
        );
      const rows = answer.runs.map((run) =>
        h(
          'tr',
          { 'data-run': run.runId, 'data-key': run.runId },
          cell(h('a', { href: runHash(context, run.runId) }, run.name)),
          cell(run.kind),
          cell(statusBadge(run.status)),
          cell(formatDateTime(run.startedTs)),
          num(formatDuration(run.durationMs)),
          num(formatCount(run.tokens)),
          num(formatUsd(run.costUsd)),
          cell(run.runId, 'mono'),
        ),
      );
      cursor.setRows(rows);
      // The whole row opens the run, not only its name.
      for (const row of rows)
        row.addEventListener('click', (event) => {
          if (!(event.target instanceof HTMLAnchorElement)) row.querySelector('a')?.click();
        });
      return panel(
        'Runs',
        table(
          [
            { label: 'name' },
            { label: 'kind' },
            { label: 'status' },
            { label: 'started' },
            { label: 'duration', numeric: true },
            { label: 'tokens', numeric: true },
            { label: 'cost', numeric: true },
            { label: 'run id' },
          ],
          rows,
        ),
      );
    },
  );
  return listView(element, cursor);
}

function runDetail(context: ViewContext, runId: string): View {
  const summary = h('div', { class: 'strip' });
  const dagBox = h('div', { class: 'dag-scroll' });
  const body = h('div', { class: 'view-body' });
  const element = h(
    'section',
    { class: 'view', 'aria-label': `Run ${runId}` },
    h('p', null, h('a', { href: formatHash({ ...context.route, runId: null }) }, '← All runs')),
    body,
  );
  replace(body, loading());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first = true;

  /**
   * Fetches the run: at once, then again every POLL_MS while it runs (its steps' checkpoint rows
   * change without events), and after the project's new events (it may resume, or end). The
   * throttle keeps that to one request at a time, at most one a second. Errors retry slowly.
   */
  const refresh = async (): Promise<void> => {
    clearTimeout(timer);
    let answer: RunDetailAnswer | null = null;
    try {
      answer = await context.api.run(runId, { project: context.project }, context.signal);
    } catch (error) {
      if (context.signal.aborted) return;
      if (first) {
        replace(body, emptyState('Could not load this run.', String(error)));
        return;
      }
    }
    if (context.signal.aborted) return;
    if (answer === null) {
      timer = setTimeout(() => {
        throttle.request();
      }, POLL_MS * 3);
      return;
    }
    if (first) replace(body, summary, panel('Steps', dagBox));
    first = false;
    show(answer);
    if (answer.run.status === 'running')
      timer = setTimeout(() => {
        throttle.request();
      }, POLL_MS);
  };
  const throttle = new RefreshThrottle({ run: refresh, intervalMs: POLL_MS });
  const unsubscribe = context.changes.subscribe(() => {
    throttle.request();
  });

  const show = (detail: RunDetailAnswer): void => {
    replace(summary, ...summaryStats(detail.run));
    if (detail.steps.length === 0)
      replace(
        dagBox,
        h(
          'p',
          { class: 'muted' },
          detail.run.kind === 'run'
            ? 'A single agent run has no steps.'
            : 'No step has been recorded yet.',
        ),
      );
    else replace(dagBox, dagView(detail.steps));
  };

  context.signal.addEventListener('abort', () => {
    clearTimeout(timer);
    throttle.close();
    unsubscribe();
  });
  throttle.request();
  return { element };
}

function summaryStats(run: RunSummary): HTMLElement[] {
  return [
    stat(run.kind === 'workflow' ? 'workflow' : 'agent', run.name),
    stat('status', statusBadge(run.status)),
    stat('started', formatDateTime(run.startedTs)),
    stat('duration', formatDuration(run.durationMs)),
    stat('tokens', formatCount(run.tokens)),
    stat('cost', formatUsd(run.costUsd)),
  ];
}

function runHash(context: ViewContext, runId: string): string {
  return formatHash({ ...context.route, runId });
}
