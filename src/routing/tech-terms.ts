/**
 * A technology thesaurus: identifiers, tools and error names that give away a language or
 * domain without naming it. "ConcurrentModificationException on an ArrayList" is a Java
 * question; "CrashLoopBackOff" is Kubernetes. When a task uses a trigger, the domain's words are
 * added to the query, like an intent cue. It is general knowledge of the ecosystems, written
 * without reference to the labelled tasks, and names no agents.
 */

import type { CueMatch } from './intent-cues.js';
import { JoinedLines } from './joined-lines.js';
import { terms } from './text.js';

/** The domain word to add → the tokens (lower-case; two-word phrases allowed) that imply them. */
const THESAURUS: Readonly<Record<string, string>> = {
  'java jvm':
    'java arraylist hashmap linkedlist jvm jar maven gradle junit spring springboot hibernate jpa lombok nullpointerexception concurrentmodificationexception classnotfoundexception outofmemoryerror classpath javac tomcat',
  'kotlin jvm': 'kotlin coroutines ktor kapt',
  scala: 'scala sbt akka zio',
  python:
    'python pip pipenv poetry venv virtualenv pytest asyncio aiohttp django flask fastapi pydantic numpy pandas celery gunicorn uvicorn mypy pyproject setup.py __init__ importerror modulenotfounderror keyerror attributeerror indentationerror',
  'django python': 'django drf viewset viewsets queryset querysets manage.py',
  fastapi: 'fastapi pydantic uvicorn starlette',
  javascript:
    'javascript nodejs node.js npm yarn pnpm settimeout async/await hoisting commonjs webpack vite babel',
  typescript: 'typescript tsconfig tsc keyof typeof generics d.ts',
  'react frontend ui': 'react jsx tsx usestate useeffect usememo redux nextjs next.js',
  'vue frontend ui': 'vue vuex pinia nuxt veevalidate',
  'angular frontend ui': 'angular rxjs ngrx',
  'svelte frontend ui': 'svelte sveltekit',
  'css frontend ui': 'css scss sass tailwind flexbox breakpoint breakpoints media-query',
  rust: 'rust cargo crate crates tokio borrow borrowed borrowck lifetimes rustc clippy serde',
  'go golang': 'golang goroutine goroutines gofmt go-vet go.mod',
  'c programming': 'valgrind malloc segfault gcc makefile kernel ioctl posix',
  'c++': 'c++ cpp cmake raii stl',
  'csharp dotnet': 'c# csharp dotnet nuget linq asp.net aspnet blazor efcore xunit',
  'ruby rails': 'ruby rails gem gems bundler rspec rake activerecord define_method sidekiq',
  'php laravel': 'php laravel composer artisan eloquent symfony wordpress',
  'elixir erlang': 'elixir phoenix liveview ecto genserver otp erlang',
  haskell: 'haskell ghc cabal monad monads mtl servant typeclass functor',
  julia: 'julia',
  'swift ios mobile': 'swift swiftui uikit xcode cocoapods ios',
  'android mobile': 'android jetpack-compose',
  'flutter mobile': 'flutter dart',
  'react-native': 'expo react-native',
  'bash shell scripting': 'bash shellcheck zsh cron crontab awk',
  sql: 'sql pivot crosstab cte window-function group-by postgres postgresql psql mysql sqlite snowflake bigquery redshift',
  postgresql: 'postgres postgresql psql pg_dump pgbouncer vacuum',
  database: 'rds aurora dynamodb mongodb redis cassandra elasticsearch sharding',
  'kubernetes k8s':
    'kubernetes k8s kubectl pod pods crashloopbackoff helm kustomize ingress eks gke aks node-pool',
  terraform: 'terraform main.tf tfstate hcl hashicorp terragrunt',
  'docker container': 'docker dockerfile docker-compose',
  'aws cloud': 'aws ec2 s3 lambda cloudfront cloudformation iam route53 ecs fargate cloudwatch',
  'gcp cloud': 'gcp gcloud cloud-run cloud-functions gcs',
  'azure cloud': 'azure entra bicep aad',
  'ci cd pipeline': 'github-actions gitlab-ci jenkins circleci',
  'observability monitoring': 'opentelemetry otel tracing prometheus grafana tempo jaeger datadog',
  'web-vitals': 'lcp cls inp ttfb crux lighthouse web-vitals',
  'accessibility a11y': 'voiceover nvda screen-reader aria wcag keyboard-navigation',
  security: 'owasp xss csrf ssrf cve pentest oauth oidc pkce saml jwt dangerouslysetinnerhtml',
  'machine-learning ml':
    'pytorch tensorflow sklearn scikit-learn xgboost fine-tune fine-tuning huggingface',
  'llm ai': 'llm gpt claude openai anthropic rag chatbot tool-calling',
  statistics: 'a/b significance p-value confidence-interval',
  'seo content': 'seo serp backlinks meta-description',
  'incident response': 'sev1 sev2 outage on-call oncall postmortem pagerduty status-page',
  network: 'vpc subnet peering dns tcp udp firewall security-group nat load-balancer',
  'legal compliance': 'gdpr ccpa hipaa soc2 terms-of-service privacy-policy',
  'customer support': 'chargeback chargebacks support-ticket helpdesk zendesk intercom',
  'content writing': 'blog-post copywriting newsletter',
};

interface Domain {
  readonly intent: string;
  /** The domain words as written; normalised (termsOf) only when a task names the trigger. */
  readonly adds: string;
}

/** Normalised domain words, by `adds`: a one-shot CLI run normalises only what it meets. */
const normalised = new Map<string, readonly string[]>();

function termsOf(adds: string): readonly string[] {
  let found = normalised.get(adds);
  if (found === undefined) {
    found = terms(adds);
    normalised.set(adds, found);
  }
  return found;
}

/** Each domain's triggers, one line per domain in THESAURUS order, and the domains. */
interface TriggerLines {
  readonly lines: JoinedLines;
  readonly domains: readonly Domain[];
}

/**
 * Built on first use and searched for the few dozen candidate triggers a task holds: building
 * a table of every trigger cost a cold CLI run more than looking those few up.
 */
let triggerLines: TriggerLines | undefined;
/** Trigger (hyphens for two-word triggers) → what it implies, as looked up so far. */
const byTrigger = new Map<string, Domain | null>();
/**
 * Distinct triggers looked up one by one before a long-lived process (the daemon, the library)
 * builds the whole table instead: past this many, one map of every trigger is cheaper than a
 * growing cache of searches.
 */
const SEARCHES_BEFORE_TABLE = 256;
/** Every trigger → its domain, once SEARCHES_BEFORE_TABLE lookups were searched. */
let table: Map<string, Domain> | undefined;

function readTriggerLines(): TriggerLines {
  const lines: string[] = [];
  const domains: Domain[] = [];
  for (const adds in THESAURUS) {
    lines.push(THESAURUS[adds] ?? '');
    domains.push({ intent: adds.split(' ')[0] ?? adds, adds });
  }
  return { lines: new JoinedLines(lines), domains };
}

/** Whether `text[at]` bounds a trigger: a space, a line break or either end. */
function boundsTrigger(text: string, at: number): boolean {
  const character = text[at];
  return character === undefined || character === ' ' || character === '\n';
}

/**
 * The domain `trigger` implies. A trigger listed under several domains ("postgres": sql and
 * postgresql) implies the most specific one, the domain with the fewest triggers (the first of
 * those on a tie): a task that names Postgres is a Postgres task before it is an SQL one.
 */
function domainOf(trigger: string): Domain | undefined {
  if (table !== undefined) return table.get(trigger);
  const known = byTrigger.get(trigger);
  if (known !== undefined) return known ?? undefined;
  triggerLines ??= readTriggerLines();
  if (byTrigger.size >= SEARCHES_BEFORE_TABLE) {
    table = triggerTable(triggerLines.domains);
    byTrigger.clear();
    return table.get(trigger);
  }
  const { lines, domains } = triggerLines;
  let best: Domain | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const at of lines.positionsOf(trigger)) {
    if (!boundsTrigger(lines.text, at - 1) || !boundsTrigger(lines.text, at + trigger.length))
      continue;
    const line = lines.lineAt(at);
    const size = triggerCount(lines, line);
    if (size < bestSize) {
      best = domains[line];
      bestSize = size;
    }
  }
  byTrigger.set(trigger, best ?? null);
  return best;
}

/** Every trigger → its domain, by the same rule as domainOf. */
function triggerTable(domains: readonly Domain[]): Map<string, Domain> {
  const sizes = new Map<string, number>();
  const found = new Map<string, Domain>();
  for (const domain of domains) {
    const triggers = (THESAURUS[domain.adds] ?? '').split(' ');
    for (const trigger of triggers) {
      const previous = sizes.get(trigger);
      if (previous !== undefined && previous <= triggers.length) continue;
      sizes.set(trigger, triggers.length);
      found.set(trigger, domain);
    }
  }
  return found;
}

/** How many triggers line `line` lists (words separated by single spaces). */
function triggerCount(lines: JoinedLines, line: number): number {
  const end = lines.endOf(line);
  let count = 1;
  for (
    let at = lines.text.indexOf(' ', lines.startOf(line));
    at >= 0 && at < end;
    at = lines.text.indexOf(' ', at + 1)
  )
    count += 1;
  return count;
}

/** The domains `words` (from phraseWords) imply, one entry per distinct trigger. */
export function matchTech(words: readonly string[]): CueMatch[] {
  const found: CueMatch[] = [];
  const seen = new Set<string>();
  let previous = '';
  let beforeThat = '';
  for (const word of words) {
    // A hyphenated trigger ("screen-reader", "terms-of-service") is two or three words here.
    for (const trigger of [word, `${previous}-${word}`, `${beforeThat}-${previous}-${word}`]) {
      if (seen.has(trigger)) continue;
      const domain = domainOf(trigger);
      if (domain === undefined) continue;
      seen.add(trigger);
      found.push({
        intent: domain.intent,
        phrase: trigger.replace(/-/g, ' '),
        terms: termsOf(domain.adds),
      });
    }
    beforeThat = previous;
    previous = word;
  }
  return found;
}
