/**
 * A thesaurus of software-engineering concepts: the everyday words people use for a kind of
 * work, mapped to the words agent descriptions use for it. "the page takes 6 seconds" is a
 * performance question, "the site went down after the deploy" an incident, "the cloud bill
 * doubled" cost optimisation, "new hires take weeks to get going" developer experience. A
 * concept that fires adds its words to the query like an intent cue (intent-cues.ts).
 *
 * Written from general knowledge of the field, in the PhraseMatcher pattern language; it names
 * no agents and was not fitted to any labelled task.
 */
import type { IntentCue } from './intent-cues.js';

export const CONCEPTS: readonly IntentCue[] = [
  {
    intent: 'performance',
    phrases:
      'slow|slower|slowly|slowness|sluggish|laggy|lag|lags|janky|jank|snappy|snappier|sluggishness; takes|took|taking * seconds|minutes|forever|ages|long; load|loads|loading time|times|slowly; too long to load|respond|render; speed up; response time|times; high latency; p95|p99; timeouts; times out; memory leak|leaks; high cpu|memory; cpu spike|spikes; bottleneck|bottlenecks; throughput; load test|tests|testing; stress test|tests|testing; concurrent users|requests|connections; falls|fell|goes|went over under load; under load; rerender|rerenders|rerendering; re render|renders|rendering',
    adds: 'performance latency optimization bottleneck profiling',
  },
  {
    intent: 'incident response',
    phrases:
      "outage|outages; went|is|are|was|goes down; site|service|api|app|prod|production|server|servers down; 500s|5xx|502|503|504; 500 errors; after * deploy|deployment|release|rollout; since * deploy|deployment|release|rollout; paged|pager|oncall; on call; postmortem|postmortems; post mortem; root cause analysis; degraded; customers can't|cannot; error rate|rates spiked|spiking|spike|jumped; breach|breached|compromised|intrusion; leaked|exposed * key|keys|password|passwords|credentials|token|tokens; what do we do first|now",
    adds: 'incident outage production response reliability',
  },
  {
    intent: 'reliability',
    phrases:
      'slo|slos|sli|slis|sla|slas; error budget|budgets; uptime; availability; alerting; alerts; monitoring; on call rotation; toil; know when * down|broken|failing; alert fatigue; noisy alerts|pages|alerting; paged|woken * night|nights|weekend|weekends|nothing',
    adds: 'reliability sre monitoring slo observability',
  },
  {
    intent: 'cloud cost',
    phrases:
      'bill|bills|billing * aws|gcp|azure|cloud; aws|gcp|azure|cloud bill|bills|spend|costs|cost; cost|costs too much; cut|reduce|lower * costs|cost|spend|bill; spending too much; expensive; finops; reserved instances; savings plan|plans; where the money',
    adds: 'cost optimization cloud finops budget',
  },
  {
    intent: 'developer experience',
    phrases:
      'onboarding * developers|engineers|hires|repo|codebase|devs; new hires|joiners|developers|engineers|devs; developer experience; dev experience; devex; dx; local setup|environment; dev environment|setup; takes * days|weeks to get|set|ship|productive; feedback loop|loops; inner loop; hot reload',
    adds: 'developer experience productivity onboarding workflow tooling',
  },
  {
    intent: 'testing',
    phrases:
      'test|tests|testing|tested|untested; spec|specs; test suite|plan|strategy|cases; coverage; flaky; e2e; end to end test|tests; qa; regression|regressions; assert|asserts|assertion|assertions',
    adds: 'test testing qa automation',
  },
  {
    intent: 'code review',
    phrases:
      'review|reviews|reviewing; code review|reviews; look over|at my|the|this code|change|changes|diff; before i|we merge; second pair of eyes',
    adds: 'review code quality feedback',
  },
  {
    intent: 'security',
    phrases:
      'security; secure; hardening|harden; hacked|hack|breach|breached; security holes|hole|issues|review|audit; pen test|pentest|penetration; auth|authentication|authorization bypass; permissions; least privilege; secrets; access control; unauthorized|unauthorised|unauthenticated; exposed|exposure; privilege escalation; review * auth|authentication|authorization|login|permissions|session|sessions',
    adds: 'security vulnerability audit',
  },
  {
    intent: 'architecture',
    phrases:
      'architecture|architectural; system design; design * system|service|services|platform; scale|scaling|scalable|scalability; 10x|100x; monolith|monoliths; microservice|microservices; split * into services; service boundaries; tech|technology stack|choice|choices; technical direction',
    adds: 'architecture design scalability system',
  },
  {
    intent: 'documentation',
    phrases:
      'documentation|documenting; readme|readmes; guide|guides; tutorial|tutorials; user manual; api reference; write|update|improve * docs; docs are|for|explaining; out of date docs|documentation; instructions; help article|articles|center|centre; knowledge base; faq|faqs; walkthrough',
    adds: 'documentation docs writing',
  },
  {
    intent: 'debugging',
    phrases:
      "bug|bugs|buggy; broken|breaks|broke; panic|panics|panicked|segfault|segfaults; error|errors|exception|exceptions; crash|crashes|crashing; fails|failing|failure; can't figure out; doesn't|won't|isn't work; wrong result|results|output|total|totals|numbers; don't|doesn't match|add up; do|does not match|add up; regression",
    adds: 'debug bug error diagnose',
  },
  {
    intent: 'refactoring',
    phrases:
      'clean up|cleanup; messy|spaghetti|tangled|unreadable|unmaintainable; hard|impossible to read|work|maintain|change|follow; technical debt; tech debt; code smell|smells; duplicated|duplication|duplicate code; god class|object; too big|long|large; # line|lines; unused|dead|unreachable|obsolete code|helpers|functions|files|modules; copy paste|pasted|pasting; copied|pasted * places|files; same code|logic in|across; in one place; single source of truth',
    adds: 'refactor refactoring clean maintainable',
  },
  {
    intent: 'deployment and CI/CD',
    phrases:
      'ci|cd|ci/cd; pipeline|pipelines; deploy|deploys|deploying|deployment|deployments; release|releases|releasing; shipping; ship * version|release|build; release process; rollout|rollouts|rollback|rollbacks; build * fails|failing|broken|red; github actions; continuous integration|delivery|deployment',
    adds: 'deployment ci cd pipeline devops',
  },
  {
    intent: 'build speed',
    phrases:
      'build|builds|compile|compiles|compilation * slow|forever|minutes|long|ages; slow|long build|builds|compile|compilation; build time|times; compile time|times; bundle size; bundler; incremental build|builds',
    adds: 'build compilation performance bundling',
  },
  {
    intent: 'databases',
    phrases:
      'query|queries; index|indexes|indices; table|tables; schema|schemas; migration|migrations; uuid|uuids; primary|foreign key|keys; column|columns; replica|replicas|replication; backup|backups; failover; deadlock|deadlocks; slow query|queries',
    adds: 'database query',
  },
  {
    intent: 'data analysis',
    phrases:
      'metrics|kpi|kpis; dashboard|dashboards; retention|churn|churned; conversion|conversions|funnel|funnels; cohort|cohorts; a/b|ab test|tests; experiment|experiments|variant|variants; statistically|significant|significance; the numbers; trend|trends',
    adds: 'analysis data metrics statistics',
  },
  {
    intent: 'product planning',
    phrases:
      'roadmap|roadmaps; prioritise|prioritize|prioritization|prioritisation; what to build next; feature requests; user stories; backlog; next quarter|sprint; product strategy; mvp',
    adds: 'product roadmap prioritization strategy',
  },
  {
    intent: 'process',
    phrases:
      'standup|standups|retro|retros|retrospective|ceremonies|ceremony; sprint|sprints; velocity; agile|scrum|kanban; estimates|estimation; deadline|deadlines|schedule|timeline|milestones',
    adds: 'agile process planning team',
  },
  {
    intent: 'user interface',
    phrases:
      'ui|ux; layout|layouts; button|buttons|modal|modals|dropdown|dropdowns|form|forms; css|styling|styles; responsive; on mobile|phones|tablets; dark mode; looks off|wrong|bad|ugly; pixel; design system',
    adds: 'frontend ui component design',
  },
  {
    intent: 'accessibility',
    phrases:
      'screen reader|readers; accessible|accessibility|a11y; keyboard only|navigation; contrast; blind|deaf|disabled users; alt text; wcag',
    adds: 'accessibility a11y wcag',
  },
  {
    intent: 'dependencies',
    phrases:
      'dependency|dependencies|deps; upgrade|upgrades|upgrading|bump|bumps * packages|libraries|versions|deps|dependencies; version conflict|conflicts; lockfile|lockfiles; outdated packages|libraries; npm audit; supply chain',
    adds: 'dependency package version upgrade',
  },
  {
    intent: 'containers and infrastructure',
    phrases:
      'container|containers|containerise|containerize|dockerise|dockerize; docker image|images|file|compose; image|images * size|smaller|big|large|bloated; cluster|clusters; pods|pod; servers|vms|instances; infrastructure|infra; provision|provisioning; infrastructure as code',
    adds: 'infrastructure container cloud',
  },
  {
    intent: 'api design',
    phrases:
      'rest api|apis|endpoint|endpoints; restful|graphql|grpc; api design|contract|contracts|versioning; openapi|swagger; request|response shape|format|schema; design * endpoints|api|apis; backward|backwards compatible|compatibility; incompatible; breaking change|changes; deprecate|deprecated|deprecation; older clients|versions',
    adds: 'api design endpoint',
  },
  {
    intent: 'real-time',
    phrases:
      'real time; realtime; live updates|update|notifications; push notifications; websocket|websockets|socket|sockets; presence; chat',
    adds: 'real-time websocket messaging',
  },
  {
    intent: 'machine learning',
    phrases:
      'model|models * train|training|trained|predictions|inference|serving|accuracy; train|training * model|models; predictions; inference; embeddings; finetune|finetuning; fine tune|tuning',
    adds: 'machine learning model ml',
  },
  {
    intent: 'llm prompting',
    phrases:
      'prompt|prompts|prompting; hallucinate|hallucinates|hallucination|hallucinations; makes|making up answers|things|facts; system prompt; few-shot; llm output|outputs|answers',
    adds: 'prompt llm engineering',
  },
  {
    intent: 'marketing',
    phrases:
      'landing page copy; headline|headlines|tagline|taglines; cta|ctas; call to action; marketing; campaign|campaigns; blog post|posts; newsletter; launch announcement',
    adds: 'marketing content copy',
  },
  {
    intent: 'search visibility',
    phrases:
      'google ranking|rankings|results; search ranking|rankings|results|traffic; rank|ranks|ranking * google|search; organic traffic|search; seo; sitemap|sitemaps; meta tags',
    adds: 'seo search optimization',
  },
  {
    intent: 'compliance',
    phrases:
      'gdpr|ccpa|hipaa|soc2|soc 2|pci|iso 27001; personal data; privacy policy; data retention|protection|processing; consent; audit trail; regulation|regulations|regulatory|regulators; compliant|compliance; retention policy|period|periods; right to be forgotten; data deletion',
    adds: 'compliance privacy regulation audit',
  },
  {
    intent: 'payments',
    phrases:
      'payment|payments; stripe|paypal|braintree|adyen; credit card|cards; pay for|with; subscription billing; refund|refunds',
    adds: 'payment billing integration',
  },
  {
    intent: 'email delivery',
    phrases:
      'spam folder; land|lands|landing|end|ends|go|goes in|into spam; deliverability; bounce|bounces|bounced; spf|dkim|dmarc; transactional email|emails',
    adds: 'email deliverability',
  },
  {
    intent: 'version control',
    phrases:
      'branch|branches|branching; merge conflict|conflicts; rebase|rebasing; git history|workflow|flow|hooks; commit|commits history|messages; monorepo',
    adds: 'git workflow branching',
  },
  {
    intent: 'research',
    phrases:
      'research; look into; find out what|how|whether|which; what are the|our options|choices|alternatives; options|alternatives|choices for; worth it; worth switching|moving|migrating; off the shelf; build or|vs buy; competitors|competitor|competition; market|markets; survey|surveys; sources',
    adds: 'research analysis',
  },
  {
    intent: 'coordinating several agents',
    phrases:
      'subtasks; sub tasks; break|split * into tasks|subtasks|steps|pieces; which agents|agent; several|multiple agents; delegate|delegation; orchestrate|orchestration',
    adds: 'coordinate orchestration tasks agents',
  },
  {
    intent: 'command-line tools',
    phrases: 'cli; command line; terminal tool|app; flags|subcommands',
    adds: 'cli command-line tool',
  },
  {
    intent: 'mobile apps',
    phrases: 'ios|android; mobile app|apps; app store|play store; iphone|ipad',
    adds: 'mobile ios android',
  },
  {
    intent: 'business analysis',
    phrases:
      'requirements; stakeholder|stakeholders; business process|processes|rules; process map|maps|mapping; map * process|workflow; interview|interviews notes; use case|cases; acceptance criteria; current process',
    adds: 'business analysis requirements process stakeholders',
  },
  {
    intent: 'data science',
    phrases:
      'predict|predicts|predicting|prediction|predictive; forecast|forecasting; which users|customers will; churn model; features matter; feature importance; regression model; classifier; clustering|segment|segmentation; statistical model|models',
    adds: 'data science model statistics prediction',
  },
  {
    intent: 'data analysis',
    phrases:
      'average|median|mean * per|by|each; per month|week|day|customer|user; breakdown by; outlier|outliers; report on|of; how many; what share|percentage|proportion; revenue by|per; year over year; month over month',
    adds: 'data analysis metrics report',
  },
  {
    intent: 'product decisions',
    phrases:
      'which one should we|do we build|fund|ship; fund|funding one of; problem statement; prd; product requirements; feature spec; user needs; value proposition; what should we build; go to market',
    adds: 'product strategy requirements prioritization',
  },
  {
    intent: 'competitive analysis',
    phrases:
      'competitor|competitors|competition|competitive; how do * price|pricing; pricing page|pages|tiers|model; lose|losing|lost deals; win loss; positioning; vs us|them',
    adds: 'competitive analysis market pricing',
  },
  {
    intent: 'content marketing',
    phrases:
      'blog post|posts; newsletter|newsletters; content calendar|plan|strategy; editorial calendar; social media; case study|studies; thought leadership',
    adds: 'content marketing strategy',
  },
  {
    intent: 'design system',
    phrases:
      'design token|tokens; tokens; design system|systems; component library; style guide; button styles; color palette|colors|colours; typography; spacing scale; visual consistency',
    adds: 'design system ui tokens components',
  },
  {
    intent: 'platform engineering',
    phrases:
      'self service; golden path|paths; paved road; internal developer platform; service template|templates|skeleton|scaffold|scaffolding; new service * repo|pipeline; do it themselves; wait * for us|ops|platform',
    adds: 'platform self-service developer infrastructure',
  },
  {
    intent: 'legacy modernisation',
    phrases:
      'legacy; old|ancient|aging|ageing * system|app|codebase|stack; years old; piece by piece; strangler|strangle; big bang; rewrite|rewriting * without; modernise|modernize|modernising|modernizing|modernization|modernisation; cobol|perl|cgi|vb6',
    adds: 'legacy modernization migration incremental',
  },
  {
    intent: 'natural-language processing',
    phrases:
      'classify|classifying|categorise|categorize|categorising|categorizing * emails|tickets|messages|text|texts|reviews|comments|documents; sentiment; named entities|entity; extract * from text|emails|documents|messages; text classification; labelled|labeled emails|texts|examples; tokenizer|tokenization',
    adds: 'nlp text classification language',
  },
  {
    intent: 'error correlation',
    phrases:
      'logs across|from; across * services; correlate|correlates|correlation; line up the logs; error pattern|patterns; spike|spikes together; every night around; recurring error|errors',
    adds: 'error logs correlation analysis',
  },
  {
    intent: 'type systems',
    phrases:
      'typed; type safe|safety; types for; type error|errors; not assignable; generic|generics; type inference; infer the type|types',
    adds: 'type system types',
  },
];
