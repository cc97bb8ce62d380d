/**
 * The dashboard's data routes (`GET /api/...`), each answering one shape of api-types.ts from a
 * project's aggregates or its store. Parameters are checked before anything is read: a bad one
 * is a 400 that says which and why; an unknown project is a 404.
 */
import { basename } from 'node:path';
import type { ServerResponse } from 'node:http';
import { integerParameter } from '../daemon/event-feed.js';
import { HttpProblem } from '../daemon/http-problem.js';
import { CheckpointStore } from '../workflow/checkpoint-store.js';
import type {
  AgentsAnswer,
  CostAnswer,
  EventRow,
  EventsAnswer,
  MemoryAnswer,
  PerformanceAnswer,
  ProjectsAnswer,
  RunDetailAnswer,
  RunsAnswer,
  SessionsAnswer,
  ToolsAnswer,
} from './api-types.js';
import type { DashboardData, DashboardProject } from './dashboard-data.js';
import { eventRow } from './event-row.js';
import type { LiveFilter } from './live-hub.js';
import { matches, storeFilter } from './live-hub.js';
import { SessionSummaries } from './session-summaries.js';

/** Rows a filtered events page may scan for matches before it answers with what it found. */
const MAX_SCANNED = 20_000;
const HOUR_MS = 3_600_000;

/** An integer parameter, `fallback` when absent or empty; a 400 outside min..max. */
function integer(url: URL, name: string, min: number, max: number, fallback: number): number {
  if (url.searchParams.get(name) === '') return fallback;
  return integerParameter(url, name, min, max) ?? fallback;
}

/** An optional short text parameter (ids, names); over 500 characters is a 400. */
function textParameter(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  if (value.length > 500) throw new HttpProblem(400, `${name} is over 500 characters`);
  return value;
}

function filterOf(url: URL): LiveFilter {
  const filter: { -readonly [Key in keyof LiveFilter]: LiveFilter[Key] } = {};
  for (const name of ['session', 'type', 'typePrefix', 'agent'] as const) {
    const value = textParameter(url, name);
    if (value !== undefined) filter[name] = value;
  }
  return filter;
}

export class DashboardApi {
  /** Each session's transcript, read incrementally across requests. */
  private readonly sessionRows = new SessionSummaries();
  private readonly checkpoints = new Map<string, CheckpointStore>();

  constructor(
    private readonly data: DashboardData,
    private readonly version: string,
  ) {}

  /** The project named by `project`, its past read; 400 without one, 404 for an unknown one. */
  async projectOf(url: URL): Promise<DashboardProject> {
    const root = url.searchParams.get('project');
    if (root === null || root === '')
      throw new HttpProblem(400, 'project is required: the root of a project from /api/projects');
    const project = this.data.known.has(root) ? this.data.project(root) : undefined;
    if (project === undefined)
      throw new HttpProblem(404, `no known project at ${root.slice(0, 300)}; see /api/projects`);
    await project.ready;
    // Answers include every event recorded so far, not only those the last flush handed on.
    this.data.hub.pumpNow(root);
    return project;
  }

  projects(): ProjectsAnswer {
    const projects = this.data.known.list().map((root) => {
      const project = this.data.project(root);
      const newest = project?.store.events.list({ limit: 1 })[0];
      return {
        root,
        name: basename(root),
        events: newest?.id ?? 0,
        lastTs: newest?.ts ?? null,
      };
    });
    projects.sort((left, right) => (right.lastTs ?? 0) - (left.lastTs ?? 0));
    return { projects, version: this.version };
  }

  async events(url: URL): Promise<EventsAnswer> {
    const project = await this.projectOf(url);
    const limit = integer(url, 'limit', 1, 1_000, 200);
    const filter = filterOf(url);
    let beforeId = integer(url, 'beforeId', 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const query = storeFilter(filter);
    const events: EventRow[] = [];
    let scanned = 0;
    // The agent filter is not a column: pages are read and filtered here, up to a bound.
    const pageSize = filter.agent === undefined ? limit : 1_000;
    for (;;) {
      const page = project.store.events.list({ ...query, beforeId, limit: pageSize });
      for (const record of page) {
        beforeId = record.id;
        const row = eventRow(record);
        if (matches(row, filter)) events.push(row);
        if (events.length === limit)
          return { events, nextBeforeId: beforeId > 1 ? beforeId : null };
      }
      scanned += page.length;
      if (page.length < pageSize) return { events, nextBeforeId: null };
      if (scanned >= MAX_SCANNED) return { events, nextBeforeId: beforeId };
    }
  }

  async live(url: URL, lastEventId: string | undefined, response: ServerResponse): Promise<void> {
    const project = await this.projectOf(url);
    let afterId: number | undefined;
    const resume = lastEventId ?? url.searchParams.get('afterId') ?? undefined;
    if (resume !== undefined && resume !== '') {
      afterId = Number(resume);
      if (!/^\d+$/.test(resume) || !Number.isSafeInteger(afterId))
        throw new HttpProblem(
          400,
          `Last-Event-ID (or afterId) must be an event id; got "${resume.slice(0, 40)}"`,
        );
    }
    this.data.hub.subscribe(project.root, project.store, filterOf(url), afterId, response);
  }

  async tools(url: URL): Promise<ToolsAnswer> {
    return (await this.projectOf(url)).aggregates.tools.answer();
  }

  async agents(url: URL): Promise<AgentsAnswer> {
    const project = await this.projectOf(url);
    return { sessions: project.aggregates.sessions.trees(textParameter(url, 'session')) };
  }

  async runs(url: URL): Promise<RunsAnswer> {
    const project = await this.projectOf(url);
    return { runs: project.aggregates.runs.list(integer(url, 'limit', 1, 1_000, 200)) };
  }

  async run(url: URL, runId: string): Promise<RunDetailAnswer> {
    const project = await this.projectOf(url);
    let checkpoints = this.checkpoints.get(project.root);
    // One per project: its statements are prepared once, not on every poll of a running DAG.
    if (checkpoints === undefined)
      this.checkpoints.set(project.root, (checkpoints = new CheckpointStore(project.store.db)));
    const recorded = checkpoints.run(runId);
    const summary = project.aggregates.runs.get(runId);
    if (recorded === undefined && summary === undefined)
      throw new HttpProblem(404, `no run ${runId.slice(0, 100)} in this project`);
    const steps = recorded === undefined ? [] : checkpoints.steps(runId);
    const byId = new Map(steps.map((step) => [step.stepId, step]));
    return {
      run: summary ?? {
        runId,
        kind: 'workflow',
        name: recorded?.name ?? '',
        status: recorded?.status ?? 'running',
        startedTs: recorded?.createdAt ?? 0,
        durationMs: null,
        costUsd: recorded?.spentUsd ?? 0,
        tokens: 0,
      },
      steps: (recorded?.definition.steps ?? []).map((definition) => {
        const step = byId.get(definition.id);
        return {
          id: definition.id,
          agent: step?.agent ?? definition.agent ?? null,
          needs: definition.needs,
          status: step?.status ?? 'pending',
          durationMs:
            step?.startedAt === undefined ? null : (step.finishedAt ?? Date.now()) - step.startedAt,
          inputTokens: step?.usage.inputTokens ?? 0,
          outputTokens: step?.usage.outputTokens ?? 0,
          costUsd: step?.costUsd ?? 0,
          iterations: step?.iterations ?? 0,
        };
      }),
    };
  }

  async cost(url: URL): Promise<CostAnswer> {
    const project = await this.projectOf(url);
    return project.aggregates.cost.answer(integer(url, 'bucketMs', 60_000, 86_400_000, HOUR_MS));
  }

  async performance(url: URL): Promise<PerformanceAnswer> {
    const project = await this.projectOf(url);
    return project.aggregates.performance(this.data.hookLatency);
  }

  async memory(url: URL): Promise<MemoryAnswer> {
    const project = await this.projectOf(url);
    const memory = project.memory;
    if (memory === undefined) return { entries: [], agents: [] };
    const q = textParameter(url, 'q');
    const agent = textParameter(url, 'agent');
    const limit = integer(url, 'limit', 1, 500, 100);
    const agents = memory.agents();
    if (q !== undefined) {
      const hits = memory.search(q, { limit, ...(agent === undefined ? {} : { agent }) });
      return {
        agents,
        entries: hits.map((hit) => ({
          agent: hit.agent,
          section: hit.section,
          text: hit.content,
          score: hit.score,
        })),
      };
    }
    const entries = [];
    for (const name of agent === undefined ? agents : [agent]) {
      if (!agents.includes(name)) continue;
      for (const entry of memory.show(name).entries)
        entries.push({
          agent: name,
          section: entry.section,
          text: entry.content,
          score: null,
          date: entry.date,
        });
    }
    entries.sort((left, right) => right.date.localeCompare(left.date));
    return {
      agents,
      entries: entries
        .slice(0, limit)
        .map(({ agent, section, text, score }) => ({ agent, section, text, score })),
    };
  }

  async sessions(url: URL): Promise<SessionsAnswer> {
    const project = await this.projectOf(url);
    const limit = integer(url, 'limit', 1, 1_000, 100);
    return {
      sessions: this.sessionRows.rows(project.aggregates.sessions.list().slice(0, limit)),
    };
  }
}
