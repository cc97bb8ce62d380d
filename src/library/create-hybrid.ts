import type { Hybrid, HybridOptions } from './types.js';

/**
 * Opens the engine over a project initialised with `claude-hybrid init`: the same layered
 * config, agents and project store as the CLI. Starts no server. Rejects with
 * `store.not_initialized` outside such a project and `engine.invalid_options` for bad options.
 *
 * @example
 * const hybrid = await createHybrid({ cwd: process.cwd(), provider: 'sim' });
 * const result = await hybrid.run('write unit tests for the date parser');
 * await hybrid.close();
 */
export async function createHybrid(options: HybridOptions = {}): Promise<Hybrid> {
  // The engine loads on first use, so importing the package stays as cheap as a bare module.
  const { openHybrid } = await import('./library-door.js');
  return openHybrid(options);
}
