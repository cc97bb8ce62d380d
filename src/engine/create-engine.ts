import { Engine } from './engine.js';
import type { EngineOptions } from './engine.js';

/** An engine over a project's runtime: what every front (CLI, library, daemon) runs agents with. */
export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
