/**
 * A technology thesaurus: identifiers, tools and error names that give away a language or
 * domain without naming it. "ConcurrentModificationException on an ArrayList" is a Java
 * question; "CrashLoopBackOff" is Kubernetes. When a task uses a trigger, the domain's words are
 * added to the query, like an intent cue. It is general knowledge of the ecosystems, written
 * without reference to the labelled tasks, and names no agents.
 */

import type { CueMatch } from './intent-cues.js';
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

/**
 * Trigger (hyphens for two-word triggers) → what it implies: built on first use, so routing pays
 * for the table only when it routes.
 */
let byTrigger: Map<string, Domain> | undefined;
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

/**
 * Trigger → domain. A trigger listed under several domains ("postgres": sql and postgresql)
 * implies the most specific one, the domain with the fewest triggers: a task that names Postgres
 * is a Postgres task before it is an SQL one.
 */
function triggerTable(): Map<string, Domain> {
  const sizes = new Map<string, number>();
  const table = new Map<string, Domain>();
  for (const adds in THESAURUS) {
    const triggers = (THESAURUS[adds] ?? '').split(' ');
    const domain = { intent: adds.split(' ')[0] ?? adds, adds };
    for (const trigger of triggers) {
      const previous = sizes.get(trigger);
      if (previous !== undefined && previous <= triggers.length) continue;
      sizes.set(trigger, triggers.length);
      table.set(trigger, domain);
    }
  }
  return table;
}

/** The domains `words` (from phraseWords) imply, one entry per distinct trigger. */
export function matchTech(words: readonly string[]): CueMatch[] {
  byTrigger ??= triggerTable();
  const found: CueMatch[] = [];
  const seen = new Set<string>();
  let previous = '';
  let beforeThat = '';
  for (const word of words) {
    // A hyphenated trigger ("screen-reader", "terms-of-service") is two or three words here.
    for (const trigger of [word, `${previous}-${word}`, `${beforeThat}-${previous}-${word}`]) {
      const domain = byTrigger.get(trigger);
      if (domain === undefined || seen.has(trigger)) continue;
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
