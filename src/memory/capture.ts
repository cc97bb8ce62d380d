import { extractMemories } from './extract.js';
import { PROJECT_MEMORY } from './memory-store.js';
import type { AddOutcome, MemoryStore } from './memory-store.js';

export interface Captured {
  readonly agent: string;
  readonly outcomes: readonly AddOutcome[];
}

/**
 * Learnings in a text (Remember blocks, a JSON `remember` array, and, when `directives` is not
 * false, "remember that / always / never" directives) go into that agent's memory, or the
 * project's when they say so: one extraction pass, then one write per file.
 */
export function captureLearnings(
  store: MemoryStore,
  agent: string,
  text: string,
  options: { readonly directives?: boolean } = {},
): Captured[] {
  // "Always ..." / "never ..." / "remember that ..." are a user's directives. In a model's answer
  // they may just be quoted text (a diff under review), so answers are read for explicit
  // Remember blocks and JSON only, unless the caller says the text is the user's.
  const found = extractMemories(text).filter(
    (memory) => options.directives !== false || memory.source !== 'directive',
  );
  if (found.length === 0) return [];
  const captured: Captured[] = [];
  // Capturing for the project itself: everything found is the project's.
  const targets = agent === PROJECT_MEMORY ? [PROJECT_MEMORY] : [agent, PROJECT_MEMORY];
  for (const target of targets) {
    const items = found
      .filter(
        (memory) =>
          agent === PROJECT_MEMORY || (memory.target === 'project') === (target === PROJECT_MEMORY),
      )
      .map((memory) => ({ content: memory.content, section: memory.section }));
    if (items.length > 0) captured.push({ agent: target, outcomes: store.addMany(target, items) });
  }
  return captured;
}

/** How many captured entries were kept (added or merged), over every agent. */
export function rememberedCount(captured: readonly Captured[]): number {
  let kept = 0;
  for (const group of captured)
    for (const outcome of group.outcomes) if (outcome.status !== 'rejected') kept += 1;
  return kept;
}
