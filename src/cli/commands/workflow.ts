import {
  cancelWorkflowRun,
  checkpoints,
  createEngine,
  createWorkflowRun,
  effectiveStatus,
  findRun,
  reopenWorkflowRun,
  resolveWorkflowFile,
} from '../../engine/engine.bundle.js';
import type { Engine } from '../../engine/index.js';
import { UsageError } from '../../errors.js';
import { loadWorkflowFile } from '../../workflow/workflow.bundle.js';
import { flag, integerValue, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';
import { renderTable } from '../output.js';
import { PROVIDER_OPTION } from './provider-option.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { executeRun, outcomeExitCode } from './workflow-execution.js';
import { QUEUE_OPTIONS, queueUrlOf } from './queue-option.js';
import { maxCostOf } from './max-cost-option.js';
import { workflowListCommand } from './workflow-list.js';
import { parseInputs } from './workflow-runs.js';
import { renderSteps, runJson, viewOf } from './workflow-view.js';

export const workflowGroup: CommandGroup = {
  name: 'workflow',
  summary: 'Run durable multi-agent workflows: list, validate, run, resume, cancel, inspect.',
  subcommands: [
    workflowListCommand,
    {
      name: 'run',
      summary: 'Run a workflow file (or a named workflow) to the end, checkpointing every step.',
      usage:
        'FILE [--input NAME=VALUE ...] [--provider P] [--model M] [--max-cost USD] [--no-cache] [--queue URL [--detach]] [--json]',
      details:
        'FILE is a path, or the name of a workflow in .claude-hybrid/workflows/ or of a bundled\n' +
        'example (feature-delivery, code-review, incident-triage). The file is validated first;\n' +
        'nothing is called when it has an issue. Each step transition is saved in the project\n' +
        'database, so a run stopped by Ctrl-C, `workflow cancel` or a crash can be resumed. The\n' +
        "provider is chosen as for `run`. --max-cost replaces the file's maxCostUsd: a step whose\n" +
        'estimate does not fit what is left stops the run (on sim too, from the estimate). Exit 0\n' +
        'when every step succeeded.\n\n' +
        'With --queue (or config queue.url) the run is enqueued for `claude-hybrid worker`s on that\n' +
        'Redis: one worker drives it and its steps fan out to all of them. Its checkpoints live in\n' +
        'the store the workers share (store.url, or this project database for workers on this\n' +
        'machine). This command follows it to the end; --detach prints the run id and returns, and\n' +
        '`workflow status RUN --follow` reattaches.',
      options: {
        input: {
          type: 'string',
          multiple: true,
          value: 'NAME=VALUE',
          description: 'A workflow input (repeatable)',
        },
        ...PROVIDER_OPTION,
        model: { type: 'string', value: 'M', description: 'Model for steps that name none' },
        'max-cost': {
          type: 'string',
          value: 'USD',
          description: "The run's budget, instead of the file's maxCostUsd",
        },
        'no-cache': {
          type: 'boolean',
          description: 'Call the model even when the response cache has the answer',
        },
        ...QUEUE_OPTIONS,
        detach: {
          type: 'boolean',
          description: 'With a queue: print the run id and return; follow it with workflow status',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 1, max: 1, name: 'FILE', complete: ['workflow'] },
      examples: [
        'claude-hybrid workflow run feature-delivery --input feature="CSV export" --provider sim',
        'claude-hybrid workflow run .claude-hybrid/workflows/release.yaml --json',
        'claude-hybrid workflow run code-review --queue redis://127.0.0.1:6379 --detach',
      ],
      async run(context, values, positionals) {
        return withEngine(context, values, async (engine) => {
          const file = resolveWorkflowFile(
            context.io.cwd,
            engine.loaded.projectRoot,
            positionals[0] ?? '',
          );
          const queueUrl = queueUrlOf(values, engine.config);
          if (queueUrl === undefined && flag(values, 'detach'))
            throw new UsageError(
              '--detach goes with a queue',
              'add --queue redis://HOST:PORT (or set queue.url), or drop --detach',
            );
          if (queueUrl !== undefined) {
            const { runWorkflowOnQueue } = await import('./workflow-queued.js');
            return runWorkflowOnQueue(context, engine, queueUrl, {
              file,
              inputs: parseInputs(values),
              provider: stringValue(values, 'provider'),
              model: stringValue(values, 'model'),
              maxCostUsd: maxCostOf(stringValue(values, 'max-cost')),
              cache: !flag(values, 'no-cache'),
              detach: flag(values, 'detach'),
            });
          }
          await engine.syncSharedMemory();
          const prepared = await createWorkflowRun(engine, {
            file,
            inputs: parseInputs(values),
            provider: stringValue(values, 'provider'),
            model: stringValue(values, 'model'),
            maxCostUsd: maxCostOf(stringValue(values, 'max-cost')),
          });
          const { run } = prepared;
          if (!context.json && context.verbosity !== 'quiet')
            context.io.stderr.write(
              `${context.colors.dim(`workflow ${run.name} · run ${run.id} · ${run.options.provider ?? ''}`)}\n`,
            );
          return executeRun({
            context,
            engine,
            prepared,
            providerFlag: run.options.provider,
            noCache: flag(values, 'no-cache'),
          });
        });
      },
    },
    {
      name: 'validate',
      summary: 'Check a workflow file without calling anything: every issue, with its line.',
      usage: 'FILE [--json]',
      details:
        'Reports malformed YAML, unknown keys, wrong types, unknown agents, needs that name no\n' +
        'step, cycles, template references that do not exist or may not have run yet, and type\n' +
        'errors in when/until conditions. Exit 2 when there is any issue.',
      options: { ...AGENT_SOURCE_OPTIONS },
      positionals: { min: 1, max: 1, name: 'FILE', complete: ['workflow'] },
      examples: ['claude-hybrid workflow validate .claude-hybrid/workflows/release.yaml'],
      async run(context, values, positionals) {
        const { runtime, loaded } = await runtimeForAgents(context, values, agentFlagLayer(values));
        try {
          const file = resolveWorkflowFile(
            context.io.cwd,
            loaded.projectRoot,
            positionals[0] ?? '',
          );
          const agents = runtime.registry.load().agents.map((entry) => entry.definition.name);
          const result = loadWorkflowFile(file, agents);
          if (context.json)
            context.writeJson({
              file,
              valid: result.issues.length === 0,
              steps: result.compiled?.steps.length ?? null,
              issues: result.issues,
            });
          else if (result.issues.length === 0)
            context.out(`${file}: valid, ${result.compiled?.steps.length ?? 0} steps`);
          else
            for (const issue of result.issues)
              context.io.stderr.write(`${context.colors.red('error')}: ${issue}\n`);
          return result.issues.length === 0 ? 0 : 2;
        } finally {
          runtime.close();
        }
      },
    },
    {
      name: 'runs',
      summary: "List this project's workflow runs, newest first.",
      usage: '[--limit N] [--json]',
      details:
        'JSON: {runs: [{runId, name, status, stepsDone, steps, spentUsd, createdAt, file}]},\n' +
        'newest first; createdAt is ISO-8601.',
      options: {
        limit: { type: 'string', value: 'N', description: 'Show at most N runs (default 20)' },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid workflow runs --json'],
      async run(context, values) {
        const limit = integerValue(values, 'limit', 20, {
          min: 1,
          max: 10_000,
          hint: 'pass e.g. --limit 50',
        });
        return withEngine(context, values, async (engine) => {
          const store = checkpoints(engine);
          const recent = await store.runs(limit);
          const stepLists = await Promise.all(recent.map((run) => store.steps(run.id)));
          const runs = recent.map((run, index) => {
            const steps = stepLists[index] ?? [];
            return {
              run,
              status: effectiveStatus(run),
              done: steps.filter((step) => step.status === 'succeeded' || step.status === 'skipped')
                .length,
              total: steps.length,
            };
          });
          if (context.json)
            context.writeJson({
              runs: runs.map(({ run, status, done, total }) => ({
                runId: run.id,
                name: run.name,
                status,
                stepsDone: done,
                steps: total,
                spentUsd: run.spentUsd,
                createdAt: new Date(run.createdAt).toISOString(),
                file: run.file,
              })),
            });
          else if (runs.length === 0)
            context.out(
              'no workflow runs yet; start one with: claude-hybrid workflow run NAME (see: claude-hybrid workflow list)',
            );
          else
            context.out(
              renderTable(
                ['RUN', 'WORKFLOW', 'STATUS', 'STEPS', 'SPENT', 'STARTED'],
                runs.map(({ run, status, done, total }) => [
                  run.id,
                  run.name,
                  status,
                  `${done}/${total}`,
                  `$${run.spentUsd.toFixed(4)}`,
                  // UTC, marked as such, as session list prints it.
                  `${new Date(run.createdAt).toISOString().replace('T', ' ').slice(0, 19)}Z`,
                ]),
                context.io.stdout.columns ?? 120,
              ),
            );
          return 0;
        });
      },
    },
    {
      name: 'status',
      summary: "Show one run: every step's status, agent, model, tokens, cost and error.",
      usage: 'RUN_ID [--follow [--queue URL]] [--json]',
      details:
        "With --json the steps' outputs are included. --follow waits for a running run to end,\n" +
        'printing a line per step as it changes, then shows it: a run on a queue (reattaching after\n' +
        '`workflow run --queue --detach`) or one running in another process here. A queued run is\n' +
        'followed through the queue it was started on, or --queue when that URL needs credentials.',
      options: {
        follow: { type: 'boolean', description: 'Wait for a running run to end, showing progress' },
        queue: {
          type: 'string',
          value: 'URL',
          description:
            'The queue of a queued run (default: config queue.url, else the one it names)',
        },
      },
      positionals: { min: 1, max: 1, name: 'RUN_ID' },
      examples: [
        'claude-hybrid workflow status 3f2a9c1b --json',
        'claude-hybrid workflow status 3f2a9c1b --follow',
      ],
      async run(context, values, positionals) {
        return withEngine(context, values, async (engine) => {
          const store = checkpoints(engine);
          let run = await findRun(store, positionals[0] ?? '');
          if (flag(values, 'follow') && effectiveStatus(run) === 'running') {
            const { followWorkflowRun } = await import('./workflow-queued.js');
            await followWorkflowRun(context, engine, run, stringValue(values, 'queue'));
            run = await findRun(store, run.id);
          }
          const steps = await store.steps(run.id);
          const status = effectiveStatus(run);
          if (context.json) context.writeJson(runJson(run, steps, status));
          else {
            const views = new Map(steps.map((step) => [step.stepId, viewOf(step)]));
            context.out(
              [
                `${context.colors.bold(run.name)} · run ${run.id} · ${status} · $${run.spentUsd.toFixed(4)}`,
                ...renderSteps(run.definition, views, context.colors, 0),
                ...(run.error === undefined ? [] : [context.colors.yellow(run.error)]),
              ].join('\n'),
            );
          }
          return flag(values, 'follow') ? outcomeExitCode(status) : 0;
        });
      },
    },
    {
      name: 'resume',
      summary: 'Go on with a stopped, failed or interrupted run; finished steps are not run again.',
      usage: 'RUN_ID [--provider P] [--model M] [--no-cache] [--json]',
      details:
        'Steps that succeeded or were skipped keep their outputs and cost; steps that were running,\n' +
        'failed or blocked run again. The run follows the definition it started with, and its\n' +
        'maxCostUsd counts what was spent before. --provider and --model replace the ones it\n' +
        'started with, for this resume (a step that pins its own model keeps it).',
      options: {
        ...PROVIDER_OPTION,
        model: {
          type: 'string',
          value: 'M',
          description: 'Model for the remaining steps that name none (default: the run’s)',
        },
        'no-cache': {
          type: 'boolean',
          description: 'Call the model even when the response cache has the answer',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 1, max: 1, name: 'RUN_ID' },
      examples: ['claude-hybrid workflow resume 3f2a9c1b'],
      async run(context, values, positionals) {
        return withEngine(context, values, async (engine) => {
          await engine.syncSharedMemory();
          const prepared = await reopenWorkflowRun(engine, positionals[0] ?? '', {
            provider: stringValue(values, 'provider'),
            model: stringValue(values, 'model'),
          });
          if (!context.json && context.verbosity !== 'quiet')
            context.io.stderr.write(
              `${context.colors.dim(`resuming workflow ${prepared.run.name} · run ${prepared.run.id}`)}\n`,
            );
          return executeRun({
            context,
            engine,
            prepared,
            providerFlag: stringValue(values, 'provider'),
            noCache: flag(values, 'no-cache'),
          });
        });
      },
    },
    {
      name: 'cancel',
      summary: 'Stop a running workflow cleanly: its calls in flight are aborted; resume it later.',
      usage: 'RUN_ID [--json]',
      options: {},
      positionals: { min: 1, max: 1, name: 'RUN_ID' },
      examples: ['claude-hybrid workflow cancel 3f2a9c1b'],
      async run(context, values, positionals) {
        return withEngine(context, values, async (engine) => {
          const id = positionals[0] ?? '';
          const how = await cancelWorkflowRun(engine, id);
          const run = { id };
          if (context.json) context.writeJson({ runId: run.id, cancelled: true, detail: how });
          else
            context.out(
              `run ${run.id}: ${how}; resume it with: claude-hybrid workflow resume ${run.id}`,
            );
          return 0;
        });
      },
    },
  ],
};

/** Runs `use` with an engine over the project (agents from the command's flags), then closes both. */
async function withEngine(
  context: CliContext,
  values: ParsedValues,
  use: (engine: Engine) => number | Promise<number>,
): Promise<number> {
  const { runtime } = await runtimeForAgents(context, values, agentFlagLayer(values));
  const engine = createEngine({ runtime, env: context.io.env });
  try {
    return await use(engine);
  } finally {
    await engine.closeAndWait();
    runtime.close();
  }
}
