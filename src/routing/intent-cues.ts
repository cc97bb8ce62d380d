/**
 * Intent cues: how people phrase a kind of work, mapped to the words agent descriptions use for
 * it. "why does the total show 0.30000000000000004" names no agent's vocabulary, but "why does"
 * is a debugging question. A cue that fires adds its words to the query at a reduced weight, and
 * the reason is reported. The table is written from how requests are commonly phrased, not from
 * the labelled tasks; it knows no agent names, so it works for any set of agents.
 */
import { terms } from './text.js';

export interface IntentCue {
  /** What the cue detects, for the reasons: `"why does" suggests debugging`. */
  readonly intent: string;
  readonly pattern: RegExp;
  /** Words added to the query when the pattern matches. */
  readonly adds: string;
}

export const INTENT_CUES: readonly IntentCue[] = [
  {
    intent: 'debugging',
    pattern:
      /\bwhy (?:does|do|is|are|did|would|am|can't|won't|isn't|doesn't|aren't)\b|\bwhat(?:'s| is) (?:going on|wrong|happening)\b/,
    adds: 'debug bug root cause diagnose',
  },
  {
    intent: 'debugging',
    pattern:
      /\b(?:sometimes|intermittent(?:ly)?|randomly|at random|sporadic(?:ally)?|every so often|only on some)\b|\b(?:can't|cannot|couldn't|unable to) reproduce\b/,
    adds: 'intermittent bug debug reproduce',
  },
  {
    intent: 'debugging',
    pattern:
      /\b(?:works?|worked|passes|builds?) (?:on my|locally|fine|in dev|last week|yesterday|before)\b|\bnothing changed\b|\bstopped working\b|\b(?:doesn't|does not|won't|isn't) work\b/,
    adds: 'bug debug broken failure',
  },
  {
    intent: 'debugging',
    pattern:
      /\b(?:dies|died|hangs?|hung|freezes|stuck|crash(?:es|ed|ing)?|just stops)\b|\b(?:error|exception|traceback)\s*[:`(]/,
    adds: 'crash error debug',
  },
  {
    intent: 'debugging',
    pattern:
      /\b(?:shows?|showing|returns?|gives?|prints?|turns? into|displays?|outputs?)\b[^.]{0,60}\binstead of\b|\boff by (?:one|\d+)\b|\bexpected\b[^.]{0,60}\b(?:got|but|instead)\b/,
    adds: 'wrong output bug',
  },
  {
    intent: 'understanding code',
    pattern:
      /\bhow (?:does|do|is|are)\b|\bwhere (?:is|are|does|do)\b|\bwhat does\b|\bexplain\b|\bwalk me through\b/,
    adds: 'explain understand investigate codebase',
  },
  {
    intent: 'read-only investigation',
    pattern:
      /\b(?:don't|do not|without) (?:change|changing|touch|touching|modify|modifying|fix|fixing)\b|\bjust (?:explain|tell|report|answer|find)\b|\bfind out\b|\bdig (?:through|into)\b|\btrack down which\b/,
    adds: 'investigate research read-only',
  },
  {
    intent: 'comparing options',
    pattern:
      /\b(?:evaluate|compare|vs\.?|versus|pros and cons|trade-?offs?|feasib(?:le|ility)|is it possible|should we (?:use|switch|move))\b|\bdoes \S+(?: \S+)? support\b/,
    adds: 'evaluate compare research alternatives',
  },
  {
    intent: 'review',
    pattern:
      /\b(?:ok|okay|safe|good|ready) to (?:merge|ship)\b|\blooks? (?:ok|okay|right|good) to you\b|\b(?:second|another) (?:pair of eyes|opinion|look)\b|\bindependent (?:pass|review|check|look)\b/,
    adds: 'review approve merge',
  },
  {
    intent: 'restructuring without changing behaviour',
    pattern:
      /\b(?:nothing|behaviou?r) (?:should|must|may) (?:not )?change\b|\bsame behaviou?r\b|\bwithout changing (?:behaviou?r|what it does|the output)\b|\b(?:interface|api|signature)s? (?:can't|cannot|must not) change\b|\bnearly identical\b|\bcircular (?:import|dependenc)/,
    adds: 'refactor restructure behavior-preserving',
  },
  {
    intent: 'restructuring',
    pattern:
      /\b(?:extract|inline|untangle|consolidate|deduplicate|modularize)\b|\b(?:break|split|pull|move) (?:it |them |this |the \S+ )?(?:up |out )?(?:into|to) (?:smaller|separate|one|a shared|its own)\b|\bmove (?:\S+ ){0,3}(?:helpers?|functions?|utils|utilities|classes|components?|modules?|code) (?:out|into|to)\b/,
    adds: 'refactor restructure extract',
  },
  {
    intent: 'security',
    pattern:
      /\b(?:exploitable|injectable|exploit|injection|vulnerab\w*|insecure|bypass(?:ed)?|traversal|leak(?:ed|s)?|credentials?|creds|(?:aws|ssh|api|private|secret|access) keys?|attacker|malicious|untrusted|tenant isolation)\b|\bcan (?:a|an|any) (?:user|attacker|anyone|customer)\b|\bas bad as it looks\b/,
    adds: 'security vulnerability audit',
  },
  {
    intent: 'performance',
    pattern:
      /\b(?:measure|benchmark|slow(?:er|ly|s)?|faster|takes? \d+ ?(?:ms|s|sec|seconds|minutes))\b|\bwith ~?\d+k\b|\b\d+k (?:ids|rows|items|records|requests|users)\b/,
    adds: 'performance latency benchmark',
  },
  {
    intent: 'tests',
    pattern:
      /\b(?:unit|integration|regression|e2e) tests?\b|\btest cases?\b|\bparametri[sz]e\b|\bcoverage\b|\bsnapshots?\b/,
    adds: 'test coverage',
  },
  {
    intent: 'documentation',
    pattern:
      /\b(?:docstrings?|jsdoc|tsdoc|readme|changelog|release notes|reference page|how-?to guide)\b|\bwrite (?:the |a |an )?\S*\.md\b|\bdocs\/\S+/,
    adds: 'documentation docs',
  },
  {
    intent: 'a multi-part plan',
    pattern:
      /\bend[- ]to[- ]end\b|\bfrom idea to\b|\b(?:make|draw up|write) a plan\b|\bplan (?:the|out|it|this)\b|\bsplit (?:the work|it|this) up\b|\bhand (?:them|it|these|those) out\b|\beverything that needs to happen\b|\bthe whole (?:monorepo|app|codebase|project|stack)\b/,
    adds: 'plan coordinate delegate multi-step',
  },
];

/** Weight of an added word against 1 for the task's own words. */
export const CUE_WEIGHT = 0.6;
/** Weight of the planning words for a task whose parts belong to several specialists. */
export const SPAN_WEIGHT = 0.45;
/** Cue weights add to the weight of the same word (1 when the task says it), up to this. */
export const CUE_CAP = 1.5;

export interface CueMatch {
  readonly intent: string;
  /** The phrase in the task that fired the cue. */
  readonly phrase: string;
  /** Normalised terms the cue adds. */
  readonly terms: readonly string[];
}

/** The cues that fire on `text` (already bounded and lower-cased by the caller). */
export function matchCues(text: string): CueMatch[] {
  const found: CueMatch[] = [];
  for (const cue of INTENT_CUES) {
    const match = cue.pattern.exec(text);
    if (match !== null)
      found.push({
        intent: cue.intent,
        phrase: match[0],
        terms: terms(cue.adds),
      });
  }
  return found;
}
