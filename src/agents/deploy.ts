import { dirname, join, resolve } from 'node:path';
import { AgentError } from '../errors.js';
import type { AgentEntry } from './definition.js';
import {
  decideWrite,
  ensureWritableDirectory,
  readExisting,
  writeDeployed,
} from './deploy-files.js';
import { RenderedAgents } from './rendered-agents.js';

export interface DeployOptions {
  readonly agents: readonly AgentEntry[];
  /** Absolute target directory, e.g. `<project>/.claude/agents`. */
  readonly target: string;
  /** Report what would happen and write nothing. @default false */
  readonly dryRun?: boolean;
  /** Overwrite files we do not own, or that were edited since we wrote them. @default false */
  readonly force?: boolean;
  /**
   * The cache of rendered agents to read and fill (AgentRegistry.rendered), saved at the end
   * unless this is a dry run.
   * @default none: every agent is rendered
   */
  readonly rendered?: RenderedAgents | undefined;
}

export interface DeploySkip {
  readonly name: string;
  readonly file: string;
  readonly reason: string;
}

export interface DeployReport {
  readonly target: string;
  readonly dryRun: boolean;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly skipped: readonly DeploySkip[];
}

/**
 * Writes each agent as `<target>/<name>.md`, marked as ours. Idempotent: an unchanged agent is
 * not rewritten. A file we do not own (no marker), or one of ours that someone edited, is never
 * overwritten without `force`. Agents whose definition already lives in the target are skipped.
 * Names are validated kebab-case, so every path stays inside the target.
 */
export function deployAgents(options: DeployOptions): DeployReport {
  const target = resolve(options.target);
  const dryRun = options.dryRun ?? false;
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const skipped: DeploySkip[] = [];
  if (!dryRun) ensureWritableDirectory(target, 'agents.target_not_directory');
  const rendered = options.rendered ?? new RenderedAgents(undefined);
  for (const entry of options.agents) {
    const name = entry.definition.name;
    const file = join(target, `${name}.md`);
    if (dirname(file) !== target)
      throw new AgentError('agents.bad_name', `agent name "${name}" escapes the target directory`, {
        exitCode: 2,
      });
    if (dirname(resolve(entry.file)) === target) continue; // already defined in the target itself
    const content = rendered.text(entry);
    const decision = decideWrite(readExisting(file), content, options.force === true);
    if (decision.kind === 'skip') {
      skipped.push({ name, file, reason: decision.reason });
      continue;
    }
    if (decision.kind !== 'unchanged' && !dryRun) writeDeployed(file, content);
    (decision.kind === 'create' ? created : decision.kind === 'update' ? updated : unchanged).push(
      name,
    );
  }
  if (!dryRun) rendered.save(); // a dry run writes nothing, not even this cache
  return { target, dryRun, created, updated, unchanged, skipped };
}
