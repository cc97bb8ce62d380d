/**
 * The vocabulary the complexity classifier reads: general terms of software work, grouped by
 * the kind of work they signal, following the labelling rubric (bench/routing/LABELLING.md).
 * A task is matched on its lower-case words, word pairs and word triples against one map built
 * once, so matching is a single pass with no large regexes.
 */
interface Lexicon {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly phrases: ReadonlySet<string>;
}

function lexicon(words: string, prefixes: string, phrases: string): Lexicon {
  const list = (text: string, separator: string): string[] =>
    text
      .split(separator)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  return {
    words: new Set(list(words, ' ')),
    prefixes: list(prefixes, ' '),
    phrases: new Set(list(phrases, ',')),
  };
}

const LEXICONS = {
  /** Production on fire now: an outage, errors after a deploy, a rollback, a breach. */
  incident: lexicon(
    'production prod outage outages incident sev0 sev1 sev2 rollback breach breached compromised 5xx 500s 502s 503s spike spiking spiked',
    '',
    "roll back, rolling back, is down, went down, are down, on call, status page, post mortem, after the deploy, since the deploy, after deploying, last night, this morning, right now, an hour ago, each other's, someone else's",
  ),
  /** Money: payments, refunds, ledgers, subscriptions. */
  money: lexicon(
    'billing dunning charge charged charges charging refund refunds ledger ledgers payout payouts tax currency checkout stripe paypal',
    'payment subscription invoic',
    'charged twice, double charged, double charge',
  ),
  /** Who may see or do what: authentication, sessions, tenancy. */
  auth: lexicon(
    'oauth oidc sso saml login logins logged signin signup mfa 2fa jwt session sessions password passwords credential credentials tenant tenants tenancy rbac permission permissions impersonation',
    'auth',
    'log in, sign in, access control, least privilege, multi tenant',
  ),
  /** Attacks and weaknesses. */
  security: lexicon(
    'security secure xss csrf ssrf injection injectable vulnerability vulnerabilities vulnerable exploit exploitable cve attack attacker threat malware backdoor pentest hardening harden exposed exposure leaked secrets encryption encrypt malware ransomware phishing forensic forensics intrusion compromise indicators sandbox',
    'vulnerab',
    'threat model, lock down, reverse engineer, break in, broke in',
  ),
  /** User data that could be lost, kept too long or corrupted. */
  dataLoss: lexicon(
    'deletion erase erasure purge retention ccpa backup backups restore corrupt corrupted corruption pii',
    '',
    'data loss, lose data, losing data, lost data, without losing, user data, personal data, drop table',
  ),
  /** Moving a system to another version, platform or shape. */
  migration: lexicon(
    'migrate migrating migration migrations upgrade upgrading legacy monolith rewrite replatform port porting deprecate deprecation sunset decommission cutover uuid uuids',
    '',
    'switch to, switch from, move to, move off, moving off, move from, get off, primary key, column type, type change, replace the',
  ),
  /** Timing and many machines: races, locks, failover. */
  concurrency: lexicon(
    'race races racing deadlock deadlocks hang hangs hanging failover distributed concurrent concurrently concurrency replica replicas replication locking mutex idempotent idempotency consistency reentrancy sync syncing offline conflict conflicts simultaneous simultaneously atomic atomically transactional',
    'synchroni',
    'race condition, same time, same moment, at once, double booking, multi region, cross service, exactly once, eventual consistency, multiple instances',
  ),
  /** The shape of a system: architecture, platforms, splitting services. */
  architecture: lexicon(
    'architecture architect architectural redesign re-architect platform federation microservice microservices infrastructure',
    '',
    'system design, service boundaries, split the, serving stack, from scratch, multi team',
  ),
  /** Rules from outside the team: law, regulators, certifications. */
  compliance: lexicon(
    'legal lawyer lawyers compliance compliant regulator regulators regulatory regulation regulations gdpr hipaa pci soc sox iso audit-ready certification consent',
    '',
    'right to be forgotten, data protection, data residency',
  ),
  /** Deep specialist work where a mistake is subtle: systems, hardware, numerics, cryptography. */
  specialist: lexicon(
    'kernel firmware embedded driver drivers bootloader rtos microcontroller fpga assembly simd cuda gpu gpus compiler interpreter jit bytecode decompile disassemble cryptography cryptographic consensus raft paxos blockchain solidity trading backtest quantitative latency throughput',
    '',
    'smart contract, real time, hard real time, memory model, garbage collector, lock free, wire protocol, custom allocator',
  ),
  /** A whole system of the user's own named as the object of the work. */
  ownSystem: lexicon(
    '',
    '',
    'our app, our apps, our application, our services, our system, our platform, our codebase, our stack, our backend, our frontend, our infrastructure, our monolith, our cluster, our clusters, our pipeline, our api, the whole app, the whole system',
  ),
  /** Deliverables beyond the change itself: tests, docs, a migration, a rollout. */
  deliverables: lexicon(
    '',
    '',
    'with tests, and tests, plus tests, with docs, and docs, plus docs, and documentation, with a migration, and a migration, and a rollout, with a rollout, rollout plan, and a runbook, with monitoring, and alerts, and dashboards',
  ),
  /** Many parts of a system at once. */
  breadth: lexicon(
    'entire whole codebase monorepo everywhere',
    '',
    'our app, the app, our codebase, our stack, data layer, across the, across all, across our, every service, all services, all endpoints, all packages, every module, end to end, system wide',
  ),
  /** Something that must not move while the change happens. */
  constraint: lexicon(
    '',
    '',
    "without breaking, without losing, without downtime, zero downtime, no downtime, without taking, without destroying, must not, can't change, cannot change, keep working, keeps working, keeping every, behaviour change, behavior change, backwards compatible, backward compatible, piece by piece",
  ),
  /** Designing an interface or a contract. */
  design: lexicon(
    'design designing schema contract spec specification interface proposal propose',
    '',
    'what should, how should, should we',
  ),
  /** A plan with people, order and dates. */
  plan: lexicon(
    'plan planning roadmap launch coordinate coordinating orchestrate workstreams milestones epic phases',
    '',
    'who does what, what order, in what order, break down, split the work, hand off, hand offs',
  ),
  /** Judging work that exists. */
  review: lexicon(
    'review reviewing audit auditing verdict assess',
    '',
    'look over, go over, go through, second pair, good enough, safe to ship, safe to merge, ok to merge',
  ),
  /** The cause is not known yet. */
  investigation: lexicon(
    'why investigate diagnose debug troubleshoot intermittent intermittently sometimes randomly flaky slow slower crash crashes crashing freezes profile bottleneck leak leaks',
    '',
    "find out, figure out, track down, no idea, nobody knows, for no reason, doesn't match, don't match, root cause, at random, can't reproduce",
  ),
  /** Weighing options. */
  comparison: lexicon(
    'vs versus compare comparing comparison alternatives options choices tradeoff tradeoffs',
    '',
    'worth it, pros and cons, trade off, trade offs, which one, off the shelf',
  ),
  /** Building something new. */
  build: lexicon(
    'build implement develop create scaffold dockerize containerize integrate',
    '',
    'set up, spin up, stand up, wire up',
  ),
  /** Small, local, mechanical changes. */
  light: lexicon(
    'typo typos rename renaming docstring docstrings readme comment comments bump pin spelling wording tooltip padding margin colour color label labels small quick simple tiny trivial minor',
    '',
    'one line, one liner, a single, just add, just change, version bump',
  ),
  /** Prose from input that is given. */
  prose: lexicon(
    'summarise summarize summary changelog docstring notes tighten proofread reword',
    '',
    'release notes, write up',
  ),
  /** Looking something up or having it explained. */
  lookup: lexicon(
    'explain where which list',
    '',
    "what is, what does, what's, how do i, how does, is it, is this, is there, tell me, don't change, do not change, read only, just explain",
  ),
  /** Concerns a delivery can span. Several of them in one task make it a multi-concern goal. */
  testsConcern: lexicon('test tests testing e2e coverage', '', ''),
  docsConcern: lexicon('docs documentation guide readme changelog', '', ''),
  uiConcern: lexicon('ui frontend page screen button component form', '', ''),
  apiConcern: lexicon('api endpoint endpoints backend handler server webhook webhooks', '', ''),
  dataConcern: lexicon('database schema table column query sql', '', ''),
  rolloutConcern: lexicon('rollout deploy release ship launch', '', 'roll out, feature flag'),
  /** Sequencing words between sub-tasks. */
  connective: lexicon('then also plus finally afterwards', '', 'as well as, after that'),
};

export type LexiconName = keyof typeof LEXICONS;

/** The concern lexicons, counted together for the multi-concern feature. */
export const CONCERNS: readonly LexiconName[] = [
  'testsConcern',
  'docsConcern',
  'uiConcern',
  'apiConcern',
  'dataConcern',
  'rolloutConcern',
];

/** Every term, phrase and prefix once, with the lexicons it belongs to: one pass per task. */
const TERMS = new Map<string, LexiconName[]>();
const PREFIXES = new Map<string, LexiconName[]>();
/** Adds `name` to the lexicons of `key` (in place: this runs on every cold start). */
function enter(map: Map<string, LexiconName[]>, key: string, name: LexiconName): void {
  const names = map.get(key);
  if (names === undefined) map.set(key, [name]);
  else names.push(name);
}
for (const [name, vocabulary] of Object.entries(LEXICONS) as [LexiconName, Lexicon][]) {
  for (const term of vocabulary.words) enter(TERMS, term, name);
  for (const term of vocabulary.phrases) enter(TERMS, term, name);
  for (const prefix of vocabulary.prefixes) enter(PREFIXES, prefix, name);
}
const PREFIX_LENGTHS = [...new Set([...PREFIXES.keys()].map((prefix) => prefix.length))];

/**
 * The terms of each lexicon found in `words` (lower-case tokens), in order of appearance: word
 * triples and pairs that are phrases, words, and words that start with a listed prefix.
 */
export function findTerms(words: readonly string[]): Partial<Record<LexiconName, string[]>> {
  const found: Partial<Record<LexiconName, string[]>> = {};
  const add = (names: readonly LexiconName[], term: string): void => {
    for (const name of names) (found[name] ??= []).push(term);
  };
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    const triple = `${pair} ${words[index + 2] ?? ''}`;
    const phrase = TERMS.has(triple) ? triple : TERMS.has(pair) ? pair : undefined;
    if (phrase !== undefined) add(TERMS.get(phrase) ?? [], phrase);
    const exact = TERMS.get(word) ?? [];
    add(exact, word);
    for (const length of PREFIX_LENGTHS) {
      if (word.length < length) continue;
      const names = PREFIXES.get(word.slice(0, length));
      if (names !== undefined)
        add(
          names.filter((name) => !exact.includes(name)),
          word,
        );
    }
  }
  return found;
}
