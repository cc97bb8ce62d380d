import { MAX_SCORED_CHARS } from './text.js';

export type Complexity = 'simple' | 'moderate' | 'complex';

export interface ComplexityAssessment {
  readonly complexity: Complexity;
  /** The summed evidence; thresholds: < 1.5 simple, < 3.5 moderate, else complex. */
  readonly score: number;
  /** Each feature that fired, with its contribution: the explanation. */
  readonly reasons: readonly string[];
}

/**
 * Features a person can check. Risk terms weigh most: a short task that touches auth, data
 * deletion or concurrency still deserves the strongest model. Patterns are compiled once.
 */
const RISK =
  /\b(?:secur\w*|auth\w*|oauth|passwords?|secrets?|credentials?|encrypt\w*|crypto\w*|vulnerab\w*|inject\w*|xss|csrf|migrat\w*|schema change|data loss|delet\w*|erasure|drop table|truncat\w*|purge|backfill|production|prod|outage|incident|roll(?:ing)? ?back|rollback|concurren\w*|race condition|deadlock|thread\w*|mutex|lock(?:s|ing)?|distributed|consisten\w*|failover|replica\w*|shard\w*|payments?|refunds?|charg(?:e|es|ing)|billing|invoic\w*|dunning|subscriptions?|stripe|pii|gdpr|hipaa|compliance|zero[- ]downtime)\b/gi;
const SCOPE =
  /\b(?:architect\w*|redesign\w*|re-architect\w*|rewrite|across (?:the|all|every)|entire|whole (?:codebase|system|app\w*|repo\w*)|every (?:service|module|endpoint)|all (?:services|modules|endpoints|packages)|system-wide|monorepo|microservices?|end[- ]to[- ]end|platform|framework migration|multi-(?:region|tenant))\b/gi;
const QUESTION =
  /(?:\?\s*$|^\s*(?:how|what|why|where|which|when|is|are|does|do|can you (?:explain|look|check|tell))\b|\b(?:just explain|don't change|do not change|small fix|quick question)\b)/i;
const LIGHT =
  /\b(?:typos?|rename|comment|docstring|readme|small|quick|simple|one[- ]line|bump|lint\w*|format\w*|spelling|wording|what is|what does|explain|how do i|list)\b/gi;
const STEP = /(?:^|\n)\s*(?:[-*•]|\d+[.)])\s+/g;
const CONNECTIVE = /\b(?:and then|then|also|as well as|after that|finally|plus)\b/gi;
const CODE_BLOCK = /```/g;
const STACK_TRACE = /\n\s+at [\w.<>$]+ ?\(|Traceback \(most recent call last\)/;

function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let total = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** Classifies a task as simple, moderate or complex, with the reasons. */
export function assessComplexity(task: string): ComplexityAssessment {
  const text = task.length > MAX_SCORED_CHARS ? task.slice(0, MAX_SCORED_CHARS) : task;
  const reasons: string[] = [];
  let score = 1.5; // an ordinary task starts as moderate work
  const add = (amount: number, reason: string): void => {
    score += amount;
    reasons.push(`${reason} (${amount > 0 ? '+' : ''}${amount})`);
  };
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  if (words <= 15) add(-0.75, `short (${words} words)`);
  else if (words > 40) add(1, `long (${words} words)`);
  else if (words > 25) add(0.5, `detailed (${words} words)`);
  const question = QUESTION.test(text);
  const steps = count(STEP, text) + count(CONNECTIVE, text);
  if (steps >= 4) add(1.5, `${steps} sub-tasks`);
  else if (steps >= 2) add(0.75, `${steps} sub-tasks`);
  const risk = count(RISK, text);
  if (risk > 0)
    add(Math.min(3, 1.25 + 0.75 * (risk - 1)), `${risk} risk term${risk === 1 ? '' : 's'}`);
  const scope = count(SCOPE, text);
  if (scope > 0)
    add(Math.min(2.5, 1.25 * scope), `${scope} broad-scope term${scope === 1 ? '' : 's'}`);
  const light = count(LIGHT, text);
  if (light > 0 && risk === 0 && scope === 0) add(-0.75, 'light-change wording');
  if (question && risk < 2 && scope === 0) add(-0.75, 'a question or a look, not a change');
  const blocks = Math.floor(count(CODE_BLOCK, text) / 2);
  if (blocks > 0) add(0.5, `${blocks} code block${blocks === 1 ? '' : 's'}`);
  if (STACK_TRACE.test(text)) add(0.5, 'stack trace');
  if (reasons.length === 0)
    reasons.push('no size, step, risk or scope signal: an ordinary task (+0)');
  const rounded = Math.round(score * 100) / 100;
  const complexity: Complexity = rounded < 1.5 ? 'simple' : rounded < 3.5 ? 'moderate' : 'complex';
  return { complexity, score: rounded, reasons };
}
