import type { ModelRequest } from '../llm/index.js';
import { TokenCounter } from '../llm/index.js';
import type { ModelInfo } from '../models/index.js';
import { ContextTracker } from '../models/index.js';
import { fitContext } from './context-fit.js';
import type { Engine } from './engine.js';
import type { ProviderName } from './provider-choice.js';
import { runTask } from './run-task.js';
import type { RunResult } from './run-task.js';

/**
 * One model call that is not an agent run (a handoff summary): fitted to the window, then
 * through the response cache and the resilient client like every run. No memory, no events.
 */
export async function callModel(
  engine: Engine,
  input: {
    readonly provider: ProviderName;
    readonly request: ModelRequest;
    readonly modelInfo: ModelInfo;
    readonly signal?: AbortSignal | undefined;
    /** @default true */
    readonly cache?: boolean | undefined;
  },
): Promise<RunResult> {
  const { contextWindow } = input.modelInfo;
  const fit = await fitContext({
    request: input.request,
    window: contextWindow,
    counter: new TokenCounter({}),
    tracker: new ContextTracker(contextWindow),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  return runTask({
    provider: engine.provider(input.provider, []),
    client: engine.client(input.provider),
    request: fit.request,
    model: input.modelInfo,
    cache: input.cache === false ? undefined : engine.responseCache(),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
}
