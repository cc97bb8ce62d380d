import type Database from 'better-sqlite3';
import { WorkflowError } from '../errors.js';
import { processStartStamp } from '../files/index.js';
import type { Usage } from '../llm/index.js';
import type { RunEscalation } from '../models/index.js';
import { WORKFLOW_FORMAT_VERSION } from './definition.js';
import type { WorkflowDefinition } from './definition.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'budget_exceeded';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'blocked';

/** What the run was started with, besides the definition and inputs. */
export interface RunOptions {
  readonly provider: string | undefined;
  readonly model: string | undefined;
  /**
   * The queue (its URL without credentials) whose workers run it; undefined for a run this
   * machine's process runs. A queued run has no pid: the queue's stalled-job check recovers it.
   */
  readonly queue?: string | undefined;
}

export interface RunRecord {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly definition: WorkflowDefinition;
  readonly inputs: Readonly<Record<string, string>>;
  readonly options: RunOptions;
  readonly status: RunStatus;
  readonly spentUsd: number;
  readonly error: string | undefined;
  /** The process running it, while `status` is running. */
  readonly pid: number | undefined;
  /** That process's start stamp (see processStartStamp), where the system reports one. */
  readonly pidStarted: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface StepRecord {
  readonly stepId: string;
  readonly status: StepStatus;
  /** Iterations completed (a step without repeat completes one). */
  readonly iterations: number;
  readonly agent: string | undefined;
  readonly model: string | undefined;
  /** The latest iteration's output. */
  readonly output: string | undefined;
  readonly usage: Usage;
  readonly costUsd: number;
  readonly attempts: number;
  readonly cached: boolean;
  readonly durationMs: number;
  readonly error: string | undefined;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  /**
   * The latest iteration's escalation (the failed first call and the retry; `model` and
   * `output` are the retry's, the tokens and cost both calls'). Undefined when it did not
   * escalate, and for rows written before schema version 5.
   */
  readonly escalation: RunEscalation | undefined;
}

/** One finished iteration of a step, as the scheduler reports it. */
export interface IterationResult {
  readonly agent: string;
  readonly model: string;
  readonly output: string;
  readonly usage: Usage;
  readonly costUsd: number;
  readonly attempts: number;
  /**
   * Milliseconds the iteration's call waited for a slot, the rate limiter or a retry. Reported
   * in step.completed, not stored: a resumed run's steps read back without it.
   */
  readonly waitedMs: number;
  readonly cached: boolean;
  readonly durationMs: number;
  /**
   * With the step's `escalate`: the answer that failed its check and the retry (the fields
   * above are then the retry's model and output, and both calls' totals). Reported in a
   * run.escalated event, not stored in the step's row. Null or absent: no escalation.
   */
  readonly escalation?: RunEscalation | null | undefined;
  /**
   * What is wrong with the output against the step's `output.schema` (after any escalation):
   * the scheduler counts the iteration's cost, then fails the step with workflow.output_invalid.
   */
  readonly outputProblem?: string | undefined;
}

/** A `workflow_runs` row, as SQLite and Postgres both return it. */
export interface RunRow {
  id: string;
  name: string;
  file: string;
  format: number;
  definition: string;
  inputs: string;
  options: string;
  status: RunStatus;
  spent_usd: number;
  error: string | null;
  pid: number | null;
  pid_started: string | null;
  created_at: number;
  updated_at: number;
}

/** A `workflow_steps` row, as SQLite and Postgres both return it. */
export interface StepRow {
  step_id: string;
  status: StepStatus;
  iterations: number;
  agent: string | null;
  model: string | null;
  output: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_write_tokens: number;
  cache_read_tokens: number;
  cost_usd: number;
  attempts: number;
  cached: number;
  duration_ms: number;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
  /** JSON of a RunEscalation; absent before schema version 5 of a store, then NULL. */
  escalation?: string | null;
}

/**
 * Workflow runs and their steps in the project database. Every transition is one short
 * transaction, so a crash (even `kill -9`) loses at most the step that was in flight: a
 * completed iteration's output and cost are written together with the run's spend, in one
 * transaction, and never twice (the write is conditional on the step's state).
 */
export class CheckpointStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      insertRun: db.prepare(
        `INSERT INTO workflow_runs (id, name, file, format, definition, inputs, options, status, pid, pid_started, created_at, updated_at)
         VALUES (@id, @name, @file, @format, @definition, @inputs, @options, 'running', @pid, @pidStarted, @now, @now)`,
      ),
      insertStep: db.prepare(
        `INSERT INTO workflow_steps (run_id, step_id, status) VALUES (?, ?, 'pending')`,
      ),
      run: db.prepare<[string], RunRow>('SELECT * FROM workflow_runs WHERE id = ?'),
      runs: db.prepare<[number], RunRow>(
        'SELECT * FROM workflow_runs ORDER BY created_at DESC, id LIMIT ?',
      ),
      steps: db.prepare<[string], StepRow>(
        'SELECT * FROM workflow_steps WHERE run_id = ? ORDER BY rowid',
      ),
      setRun: db.prepare(
        'UPDATE workflow_runs SET status = @status, error = @error, pid = @pid, pid_started = @pidStarted, updated_at = @now WHERE id = @id',
      ),
      startStep: db.prepare(
        `UPDATE workflow_steps SET status = 'running', started_at = coalesce(started_at, @now), error = NULL
         WHERE run_id = @runId AND step_id = @stepId AND status IN ('pending', 'running')`,
      ),
      completeIteration: db.prepare(
        `UPDATE workflow_steps SET iterations = iterations + 1, agent = @agent, model = @model, output = @output,
           input_tokens = input_tokens + @inputTokens, output_tokens = output_tokens + @outputTokens,
           cache_write_tokens = cache_write_tokens + @cacheWriteTokens, cache_read_tokens = cache_read_tokens + @cacheReadTokens,
           cost_usd = cost_usd + @costUsd, attempts = attempts + @attempts, cached = @cached,
           duration_ms = duration_ms + @durationMs, status = @status, finished_at = @finishedAt,
           escalation = @escalation
         WHERE run_id = @runId AND step_id = @stepId AND status = 'running' AND iterations = @iteration - 1`,
      ),
      addStepCost: db.prepare(
        'UPDATE workflow_steps SET cost_usd = cost_usd + ? WHERE run_id = ? AND step_id = ?',
      ),
      addSpend: db.prepare(
        'UPDATE workflow_runs SET spent_usd = spent_usd + ?, updated_at = ? WHERE id = ?',
      ),
      finishStep: db.prepare(
        `UPDATE workflow_steps SET status = @status, error = @error, finished_at = @now
         WHERE run_id = @runId AND step_id = @stepId AND status NOT IN ('succeeded', 'skipped')`,
      ),
      takeOver: db.prepare(
        `UPDATE workflow_runs SET status = 'running', error = NULL, pid = @pid, pid_started = @pidStarted, updated_at = @now
         WHERE id = @id AND status = @status AND pid IS @oldPid`,
      ),
      step: db.prepare<[string, string], StepRow>(
        'SELECT * FROM workflow_steps WHERE run_id = ? AND step_id = ?',
      ),
      resetUnfinished: db.prepare(
        `UPDATE workflow_steps SET status = 'pending', error = NULL
         WHERE run_id = ? AND status IN ('running', 'failed', 'blocked')`,
      ),
    };
  }

  /** Records a new run and its steps, all pending. */
  createRun(run: {
    id: string;
    file: string;
    definition: WorkflowDefinition;
    inputs: Readonly<Record<string, string>>;
    options: RunOptions;
    pid: number | undefined;
  }): void {
    this.db.transaction(() => {
      this.statements.insertRun.run({
        id: run.id,
        name: run.definition.name,
        file: run.file,
        format: WORKFLOW_FORMAT_VERSION,
        definition: JSON.stringify(run.definition),
        inputs: JSON.stringify(run.inputs),
        options: JSON.stringify(run.options),
        pid: run.pid ?? null,
        pidStarted: run.pid === undefined ? null : (processStartStamp(run.pid) ?? null),
        now: this.now(),
      });
      for (const step of run.definition.steps) this.statements.insertStep.run(run.id, step.id);
    })();
  }

  run(id: string): RunRecord | undefined {
    const row = this.statements.run.get(id);
    return row === undefined ? undefined : toRun(row);
  }

  runs(limit = 50): RunRecord[] {
    return this.statements.runs.all(limit).map(toRun);
  }

  steps(runId: string): StepRecord[] {
    return this.statements.steps.all(runId).map(toStep);
  }

  setRunStatus(id: string, status: RunStatus, error?: string, pid?: number): void {
    this.statements.setRun.run({
      id,
      status,
      error: error ?? null,
      pid: pid ?? null,
      pidStarted: pid === undefined ? null : (processStartStamp(pid) ?? null),
      now: this.now(),
    });
  }

  /** Marks a step running (again, after a crash); false when it already finished. */
  startStep(runId: string, stepId: string): boolean {
    return this.statements.startStep.run({ runId, stepId, now: this.now() }).changes === 1;
  }

  /**
   * Records iteration `iteration` (1-based) of a running step, and adds its cost to the run, in
   * one transaction. `done` finishes the step. Idempotent: a second write of the same iteration
   * changes nothing and returns false.
   */
  completeIteration(
    runId: string,
    stepId: string,
    iteration: number,
    result: IterationResult,
    done: boolean,
  ): boolean {
    return this.db.transaction(() => {
      const now = this.now();
      const changed = this.statements.completeIteration.run({
        runId,
        stepId,
        iteration,
        agent: result.agent,
        model: result.model,
        output: result.output,
        ...result.usage,
        costUsd: result.costUsd,
        attempts: result.attempts,
        cached: result.cached ? 1 : 0,
        durationMs: result.durationMs,
        status: done ? 'succeeded' : 'running',
        finishedAt: done ? now : null,
        escalation: escalationColumn(result),
      }).changes;
      if (changed === 1) this.statements.addSpend.run(result.costUsd, now, runId);
      return changed === 1;
    })();
  }

  /** Adds a cost paid outside an iteration (a handoff summary) to the step and the run. */
  addStepCost(runId: string, stepId: string, costUsd: number): void {
    this.db.transaction(() => {
      this.statements.addStepCost.run(costUsd, runId, stepId);
      this.statements.addSpend.run(costUsd, this.now(), runId);
    })();
  }

  /**
   * Ends a step without (another) iteration: failed, skipped, blocked, succeeded (a resumed loop
   * whose last iteration already met its condition), or pending again (cancelled, or waiting
   * for budget).
   */
  finishStep(
    runId: string,
    stepId: string,
    status: Exclude<StepStatus, 'running'>,
    error?: string,
  ): void {
    this.statements.finishStep.run({
      runId,
      stepId,
      status,
      error: error ?? null,
      now: this.now(),
    });
  }

  /**
   * Takes a stopped run over to go on with it: steps that were running, failed or blocked are
   * pending again; succeeded and skipped steps are kept, with their outputs and cost. It is a
   * compare-and-set on the status and process the caller saw, inside one write transaction, so
   * of several processes resuming the same run at once exactly one wins; the others get false.
   */
  reopen(
    id: string,
    pid: number | undefined,
    seen: { status: RunStatus; pid: number | undefined },
  ): boolean {
    return this.db
      .transaction(() => {
        const taken = this.statements.takeOver.run({
          id,
          pid: pid ?? null,
          pidStarted: pid === undefined ? null : (processStartStamp(pid) ?? null),
          now: this.now(),
          status: seen.status,
          oldPid: seen.pid ?? null,
        }).changes;
        if (taken !== 1) return false;
        this.statements.resetUnfinished.run(id);
        return true;
      })
      .immediate();
  }

  /** Marks a run cancelled whose process is gone; its steps left running are pending again. */
  cancelAbandoned(id: string, reason: string): void {
    this.db.transaction(() => {
      this.statements.resetUnfinished.run(id);
      this.setRunStatus(id, 'cancelled', reason);
    })();
  }

  /** One step's record. */
  step(runId: string, stepId: string): StepRecord | undefined {
    const row = this.statements.step.get(runId, stepId);
    return row === undefined ? undefined : toStep(row);
  }
}

export function toRun(row: RunRow): RunRecord {
  if (row.format > WORKFLOW_FORMAT_VERSION)
    throw new WorkflowError(
      'workflow.future_format',
      `run ${row.id} was written by a newer claude-hybrid (checkpoint format ${row.format})`,
      { hint: 'upgrade claude-hybrid to inspect or resume it', exitCode: 2 },
    );
  return {
    id: row.id,
    name: row.name,
    file: row.file,
    definition: JSON.parse(row.definition) as WorkflowDefinition, // written by createRun
    inputs: JSON.parse(row.inputs) as Record<string, string>, // written by createRun
    options: JSON.parse(row.options) as RunOptions, // written by createRun
    status: row.status,
    spentUsd: row.spent_usd,
    error: row.error ?? undefined,
    pid: row.pid ?? undefined,
    pidStarted: row.pid_started ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toStep(row: StepRow): StepRecord {
  return {
    stepId: row.step_id,
    status: row.status,
    iterations: row.iterations,
    agent: row.agent ?? undefined,
    model: row.model ?? undefined,
    output: row.output ?? undefined,
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheWriteTokens: row.cache_write_tokens,
      cacheReadTokens: row.cache_read_tokens,
    },
    costUsd: row.cost_usd,
    attempts: row.attempts,
    cached: row.cached === 1,
    durationMs: row.duration_ms,
    error: row.error ?? undefined,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    escalation: escalationOf(row.escalation),
  };
}

/** What the `escalation` column holds for an iteration: its escalation as JSON, or NULL. */
export function escalationColumn(result: IterationResult): string | null {
  return result.escalation === undefined || result.escalation === null
    ? null
    : JSON.stringify(result.escalation);
}

/** The column read back; a value that is not an escalation's JSON reads as none. */
function escalationOf(column: string | null | undefined): RunEscalation | undefined {
  if (column === null || column === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(column);
    return typeof value === 'object' && value !== null && 'from' in value
      ? (value as RunEscalation) // written by escalationColumn from a RunEscalation
      : undefined;
  } catch {
    return undefined;
  }
}
