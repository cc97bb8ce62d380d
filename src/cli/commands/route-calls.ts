import { createEngine, routingAsk } from '../../engine/engine.bundle.js';
import type { AskModel } from '../../routing/index.js';
import type { Runtime } from '../../runtime.js';

/** The engine `route` opens for its routing calls: imported lazily, closed when `route` ends. */
export interface RoutingCalls {
  readonly ask: AskModel;
  close(): Promise<void>;
}

/** An engine over the command's runtime, sending routing calls through `provider` (or config). */
export function routingCalls(
  runtime: Runtime,
  env: Readonly<Record<string, string | undefined>>,
  provider: string | undefined,
): RoutingCalls {
  const engine = createEngine({ runtime, env });
  const ask = routingAsk(engine, { provider });
  return { ask, close: () => engine.closeAndWait() };
}
