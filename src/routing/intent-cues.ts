/**
 * Intent cues: how people phrase a kind of work, mapped to the words agent descriptions use for
 * it. "why does the total show 0.30000000000000004" names no agent's vocabulary, but "why does"
 * is a debugging question. A cue that fires adds its words to the query at a reduced weight, and
 * the reason is reported. The table is written from how requests are commonly phrased, not from
 * the labelled tasks; it knows no agent names, so it works for any set of agents.
 */
import { CONCEPTS } from './concepts.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { terms } from './text.js';

export interface IntentCue {
  /** What the cue detects, for the reasons: `"why does" suggests debugging`. */
  readonly intent: string;
  /** Phrases separated by `;`, in the PhraseMatcher pattern language. */
  readonly phrases: string;
  /** Words added to the query when a phrase matches. */
  readonly adds: string;
}

export const INTENT_CUES: readonly IntentCue[] = [
  {
    intent: 'debugging',
    phrases:
      "why does|do|is|are|did|would|am|can't|won't|isn't|doesn't|aren't; what's|what going on|wrong|happening; what is going on|wrong|happening",
    adds: 'debug bug root cause diagnose',
  },
  {
    intent: 'debugging',
    phrases:
      "sometimes; intermittent|intermittently|randomly|sporadic|sporadically; at random; every so often; only on some; can't|cannot|couldn't reproduce; unable to reproduce",
    adds: 'intermittent bug debug reproduce',
  },
  {
    intent: 'debugging',
    phrases:
      "works|work|worked|passes|builds|build on my; works|work|worked|passes|builds|build locally|fine|before|yesterday; worked last week; nothing changed; stopped working; doesn't|won't|isn't work|working; does not work",
    adds: 'bug debug broken failure',
  },
  {
    intent: 'debugging',
    phrases:
      'dies|died|hangs|hang|hung|freezes|stuck|crash|crashes|crashed|crashing|traceback|stacktrace; just stops; stack trace',
    adds: 'crash error debug',
  },
  {
    intent: 'debugging',
    phrases:
      'shows|show|showing|returns|return|gives|prints|turns|displays|outputs ** instead of; off by one; expected ** got|but|instead',
    adds: 'wrong output bug',
  },
  {
    intent: 'understanding code',
    phrases: 'how does|do|is|are; where is|are|does|do; what does; explain; walk me through',
    adds: 'explain understand investigate codebase',
  },
  {
    intent: 'read-only investigation',
    phrases:
      "don't|dont change|touch|touching|modify|fix; do not change|touch|modify|fix; without changing|touching|modifying|fixing; just explain|tell|report|answer|find; find out; dig through|into; track down which",
    adds: 'investigate research read-only',
  },
  {
    intent: 'finding sourced facts',
    phrases:
      'with links|sources|citations; links to the sources; cite|citing the|your sources; published * limits|pricing|docs',
    adds: 'search research sources',
  },
  {
    intent: 'comparing options',
    phrases:
      'evaluate; compare; vs; versus; pros and cons; tradeoff|tradeoffs; trade off|offs; feasible|feasibility; is it possible; should we use|switch|move; does * support',
    adds: 'evaluate compare research alternatives',
  },
  {
    intent: 'review',
    phrases:
      'ok|okay|safe|good|ready to merge|ship; look|looks ok|okay|right|good to you; second|another pair of eyes; second|another opinion|look; independent pass|review|check|look; lgtm',
    adds: 'review approve merge',
  },
  {
    intent: 'restructuring without changing behaviour',
    phrases:
      "nothing|behaviour|behavior should|must|may change; nothing|behaviour|behavior should|must|may not change; same behaviour|behavior; without changing behaviour|behavior; without changing what it does; interface|api|signature|interfaces can't|cannot change; interface|api|signature must not change; nearly identical; circular import|imports|dependency|dependencies",
    adds: 'refactor restructure behavior-preserving',
  },
  {
    intent: 'restructuring',
    phrases:
      'extract; inline; untangle; consolidate; deduplicate; modularize; break|split * into smaller|separate; pull * into one|its; move * helpers|functions|utils|utilities|classes|components|modules|code',
    adds: 'refactor restructure extract',
  },
  {
    intent: 'security',
    phrases:
      'exploitable; injectable; exploit; injection; vulnerab*; insecure; bypass; bypassed; traversal; leak|leaked|leaks; credential*; creds; aws|ssh|api|private|secret|access key|keys; attacker; malicious; untrusted; tenant isolation; can a|an|any user|attacker|anyone|customer; as bad as it looks',
    adds: 'security vulnerability audit',
  },
  {
    intent: 'performance',
    phrases:
      'measure; benchmark; slow|slower|slowly|slows; faster; with #k; #k ids|rows|items|records|requests|users',
    adds: 'performance latency benchmark',
  },
  {
    intent: 'implementation with its tests',
    phrases:
      'with tests|test|unit; and tests; plus tests|a; including tests; small condition|change|fix; a test please; tests for it',
    adds: 'implement feature code',
  },
  {
    intent: 'tests',
    phrases:
      'unit|integration|regression|e2e test|tests; test case|cases; parametrize|parameterize|parametrise; coverage; snapshot|snapshots',
    adds: 'test coverage',
  },
  {
    intent: 'documentation',
    phrases:
      'docstring|docstrings|jsdoc|tsdoc|readme|changelog; release notes; reference page; how to guide; howto guide; *.md; docs/*',
    adds: 'documentation docs',
  },
  {
    intent: 'a multi-part plan',
    phrases:
      'end to end; from idea to; make|draw|write * plan; plan the|out|it|this; split the|it|this * up; hand them|it|these|those out; everything that needs to happen; the whole monorepo|app|codebase|project|stack',
    adds: 'plan coordinate delegate multi-step',
  },
];

/** Weight of an added word against 1 for the task's own words. */
export const CUE_WEIGHT = 0.6;
/** Weight of a word added by a software-engineering concept (concepts.ts). */
export const CONCEPT_WEIGHT = 0.6;
/** Weight of the planning words for a task whose parts belong to several specialists. */
export const SPAN_WEIGHT = 0.45;
/** Cue weights add to the weight of the same word (1 when the task says it), up to this. */
export const CUE_CAP = 1.5;

export interface CueMatch {
  readonly intent: string;
  /** Which table fired it: an intent cue, a concept of the field, a technology, the deliverable. */
  readonly kind?: 'intent' | 'concept' | 'deliverable';
  /** The phrase in the task that fired the cue. */
  readonly phrase: string;
  /** Normalised terms the cue adds. */
  readonly terms: readonly string[];
  /** The reason to report, when not `"<phrase>" suggests <intent>`. */
  readonly reason?: string;
}

/** The intent cues, then the concepts: one matcher walks the task once for both. */
const ALL_CUES: readonly IntentCue[] = [...INTENT_CUES, ...CONCEPTS];

let matcher: PhraseMatcher<number> | undefined;
/** Each cue's added words, normalised when the cue first fires (index as ALL_CUES). */
const cueTerms: (readonly string[] | undefined)[] = [];

/** The cues that fire on `words` (from phraseWords), each once, with the phrase that fired it. */
export function matchCues(words: readonly string[]): CueMatch[] {
  if (matcher === undefined) {
    matcher = new PhraseMatcher(ALL_CUES.map((cue, index) => [cue.phrases, index] as const));
  }
  return matcher
    .match(words, (match) => match.value)
    .sort((left, right) => left.value - right.value)
    .map(({ value, phrase }) => {
      const cue = ALL_CUES[value];
      cueTerms[value] ??= terms(cue?.adds ?? '');
      const kind = value < INTENT_CUES.length ? 'intent' : 'concept';
      return { intent: cue?.intent ?? '', kind, phrase, terms: cueTerms[value] };
    });
}
