import type { Pool, PoolClient } from 'pg';
import { processStartStamp } from '../../files/index.js';
import type { CheckpointRepository, NewRun } from '../../workflow/checkpoint-repository.js';
import { WORKFLOW_FORMAT_VERSION } from '../../workflow/definition.js';
import { escalationColumn, toRun, toStep } from '../../workflow/checkpoint-store.js';
import type {
  IterationResult,
  RunRecord,
  RunRow,
  RunStatus,
  StepRecord,
  StepRow,
  StepStatus,
} from '../../workflow/checkpoint-store.js';
import { inTransaction } from './open-pool.js';
import { toPgStoreError } from './pg-errors.js';

/**
 * The statements of CheckpointStore (src/workflow/checkpoint-store.ts), ported one for one;
 * see there for what each transition means. Two differences of dialect: `pid IS @oldPid`
 * becomes `IS NOT DISTINCT FROM` (NULL equals NULL), and steps are ordered by `position`.
 */
const SQL = {
  insertRun: `INSERT INTO workflow_runs (id, name, file, format, definition, inputs, options, status, pid, pid_started, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', $8, $9, $10, $10)`,
  insertSteps: `INSERT INTO workflow_steps (run_id, step_id, position, status)
    SELECT $1, step_id, position::int, 'pending' FROM unnest($2::text[]) WITH ORDINALITY AS s (step_id, position)`,
  run: 'SELECT * FROM workflow_runs WHERE id = $1',
  runs: 'SELECT * FROM workflow_runs ORDER BY created_at DESC, id LIMIT $1',
  steps: 'SELECT * FROM workflow_steps WHERE run_id = $1 ORDER BY position',
  step: 'SELECT * FROM workflow_steps WHERE run_id = $1 AND step_id = $2',
  setRun: `UPDATE workflow_runs SET status = $2, error = $3, pid = $4, pid_started = $5, updated_at = $6 WHERE id = $1`,
  startStep: `UPDATE workflow_steps SET status = 'running', started_at = coalesce(started_at, $3), error = NULL
    WHERE run_id = $1 AND step_id = $2 AND status IN ('pending', 'running')`,
  completeIteration: `UPDATE workflow_steps SET iterations = iterations + 1, agent = $4, model = $5, output = $6,
      input_tokens = input_tokens + $7, output_tokens = output_tokens + $8,
      cache_write_tokens = cache_write_tokens + $9, cache_read_tokens = cache_read_tokens + $10,
      cost_usd = cost_usd + $11, attempts = attempts + $12, cached = $13,
      duration_ms = duration_ms + $14, status = $15, finished_at = $16, escalation = $17
    WHERE run_id = $1 AND step_id = $2 AND status = 'running' AND iterations = $3 - 1`,
  addStepCost:
    'UPDATE workflow_steps SET cost_usd = cost_usd + $3 WHERE run_id = $1 AND step_id = $2',
  addSpend: 'UPDATE workflow_runs SET spent_usd = spent_usd + $2, updated_at = $3 WHERE id = $1',
  finishStep: `UPDATE workflow_steps SET status = $3, error = $4, finished_at = $5
    WHERE run_id = $1 AND step_id = $2 AND status NOT IN ('succeeded', 'skipped')`,
  takeOver: `UPDATE workflow_runs SET status = 'running', error = NULL, pid = $2, pid_started = $3, updated_at = $4
    WHERE id = $1 AND status = $5 AND pid IS NOT DISTINCT FROM $6`,
  resetUnfinished: `UPDATE workflow_steps SET status = 'pending', error = NULL
    WHERE run_id = $1 AND status IN ('running', 'failed', 'blocked')`,
} as const;

function pidStamp(pid: number | undefined): string | null {
  return pid === undefined ? null : (processStartStamp(pid) ?? null);
}

/**
 * Workflow checkpoints in the shared Postgres store. Every transition that SQLite makes in one
 * transaction is one transaction here; the conditional ones are compare-and-set by their WHERE
 * clause. Under READ COMMITTED a concurrent UPDATE of the same row waits for the first to
 * commit and then re-checks the WHERE against the new row, so of two processes racing on
 * startStep's, completeIteration's or reopen's condition exactly the first changes the row.
 */
export class PgCheckpoints implements CheckpointRepository {
  constructor(
    private readonly pool: Pool,
    private readonly display: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async attempt<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toPgStoreError(error, doing, this.display);
    }
  }

  private transaction<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.attempt(doing, () => inTransaction(this.pool, work));
  }

  createRun(run: NewRun): Promise<void> {
    return this.transaction('recording a run', async (client) => {
      await client.query(SQL.insertRun, [
        run.id,
        run.definition.name,
        run.file,
        WORKFLOW_FORMAT_VERSION,
        JSON.stringify(run.definition),
        JSON.stringify(run.inputs),
        JSON.stringify(run.options),
        run.pid ?? null,
        pidStamp(run.pid),
        this.now(),
      ]);
      await client.query(SQL.insertSteps, [run.id, run.definition.steps.map((step) => step.id)]);
    });
  }

  run(id: string): Promise<RunRecord | undefined> {
    return this.attempt('reading a run', async () => {
      const row = (await this.pool.query<RunRow>(SQL.run, [id])).rows[0];
      return row === undefined ? undefined : toRun(row);
    });
  }

  runs(limit = 50): Promise<RunRecord[]> {
    return this.attempt('listing runs', async () =>
      (await this.pool.query<RunRow>(SQL.runs, [limit])).rows.map(toRun),
    );
  }

  steps(runId: string): Promise<StepRecord[]> {
    return this.attempt('reading steps', async () =>
      (await this.pool.query<StepRow>(SQL.steps, [runId])).rows.map(toStep),
    );
  }

  step(runId: string, stepId: string): Promise<StepRecord | undefined> {
    return this.attempt('reading a step', async () => {
      const row = (await this.pool.query<StepRow>(SQL.step, [runId, stepId])).rows[0];
      return row === undefined ? undefined : toStep(row);
    });
  }

  setRunStatus(id: string, status: RunStatus, error?: string, pid?: number): Promise<void> {
    return this.attempt('updating a run', async () => {
      await this.pool.query(SQL.setRun, [
        id,
        status,
        error ?? null,
        pid ?? null,
        pidStamp(pid),
        this.now(),
      ]);
    });
  }

  startStep(runId: string, stepId: string): Promise<boolean> {
    return this.attempt('starting a step', async () => {
      const result = await this.pool.query(SQL.startStep, [runId, stepId, this.now()]);
      return result.rowCount === 1;
    });
  }

  completeIteration(
    runId: string,
    stepId: string,
    iteration: number,
    result: IterationResult,
    done: boolean,
  ): Promise<boolean> {
    return this.transaction('recording an iteration', async (client) => {
      const now = this.now();
      const { usage } = result;
      const changed = await client.query(SQL.completeIteration, [
        runId,
        stepId,
        iteration,
        result.agent,
        result.model,
        result.output,
        usage.inputTokens,
        usage.outputTokens,
        usage.cacheWriteTokens,
        usage.cacheReadTokens,
        result.costUsd,
        result.attempts,
        result.cached ? 1 : 0,
        result.durationMs,
        done ? 'succeeded' : 'running',
        done ? now : null,
        escalationColumn(result),
      ]);
      // Billed only by the write that recorded the iteration: a replay changes no row.
      if (changed.rowCount !== 1) return false;
      await client.query(SQL.addSpend, [runId, result.costUsd, now]);
      return true;
    });
  }

  addStepCost(runId: string, stepId: string, costUsd: number): Promise<void> {
    return this.transaction('adding a step cost', async (client) => {
      await client.query(SQL.addStepCost, [runId, stepId, costUsd]);
      await client.query(SQL.addSpend, [runId, costUsd, this.now()]);
    });
  }

  finishStep(
    runId: string,
    stepId: string,
    status: Exclude<StepStatus, 'running'>,
    error?: string,
  ): Promise<void> {
    return this.attempt('finishing a step', async () => {
      await this.pool.query(SQL.finishStep, [runId, stepId, status, error ?? null, this.now()]);
    });
  }

  reopen(
    id: string,
    pid: number | undefined,
    seen: { status: RunStatus; pid: number | undefined },
  ): Promise<boolean> {
    return this.transaction('reopening a run', async (client) => {
      const taken = await client.query(SQL.takeOver, [
        id,
        pid ?? null,
        pidStamp(pid),
        this.now(),
        seen.status,
        seen.pid ?? null,
      ]);
      if (taken.rowCount !== 1) return false;
      await client.query(SQL.resetUnfinished, [id]);
      return true;
    });
  }

  cancelAbandoned(id: string, reason: string): Promise<void> {
    return this.transaction('cancelling a run', async (client) => {
      await client.query(SQL.resetUnfinished, [id]);
      await client.query(SQL.setRun, [id, 'cancelled', reason, null, null, this.now()]);
    });
  }
}
