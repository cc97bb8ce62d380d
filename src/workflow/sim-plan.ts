/**
 * The plan `run --pm` uses on the sim provider, which cannot write one: a fixed shape (research,
 * then the change, then its tests and a review, in parallel) over the agents there are, so PM
 * delegation can be tried offline. It is the JSON a PM would answer, checked like any plan.
 */

/** The canned steps, in order: each runs when its agent exists and the cap leaves room. */
const SHAPE = [
  { id: 'research', agent: 'research', task: 'Investigate what this goal touches', needs: [] },
  { id: 'implement', agent: 'engineer', task: 'Make the change', needs: ['research'] },
  { id: 'test', agent: 'qa', task: 'Test the change', needs: ['implement'] },
  { id: 'review', agent: 'code-reviewer', task: 'Review the change', needs: ['implement'] },
] as const;

export function simulatedPlan(goal: string, agents: readonly string[], maxSteps: number): string {
  const known = new Set(agents);
  const kept = new Set<string>();
  const steps: { id: string; agent: string; task: string; needs: string[] }[] = [];
  for (const step of SHAPE) {
    if (steps.length >= maxSteps || !known.has(step.agent)) continue;
    steps.push({
      id: step.id,
      agent: step.agent,
      task: `${step.task}: ${goal}`,
      needs: step.needs.filter((need) => kept.has(need)),
    });
    kept.add(step.id);
  }
  // Not even one of those agents: the PM's own agent list is never empty, so use its first.
  if (steps.length === 0 && agents[0] !== undefined)
    steps.push({ id: 'do-it', agent: agents[0], task: goal, needs: [] });
  return JSON.stringify({ steps });
}
