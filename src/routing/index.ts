export { Router } from './router.js';
export { buildQuery } from './task-query.js';
export { calibrate } from './confidence.js';
export { CONFIDENT_AT } from './confidence.js';
export type { PrebuiltIndex, RouteAlternative, RouteDecision, RouterOptions } from './router.js';
export { Bm25Index, DEFAULT_FIELD_WEIGHTS, ROUTING_FIELDS } from './bm25-index.js';
export type {
  Bm25Hit,
  Bm25Options,
  FieldEmphasis,
  FieldTerms,
  ResolvedQuery,
  RoutingField,
  TermMatch,
} from './bm25-index.js';
export { MAX_SCORED_CHARS, stem, terms } from './text.js';
export { closestNames, editDistance, notFoundMessage } from './closest-names.js';
export { assessComplexity } from './complexity.js';
export type { Complexity, ComplexityAssessment } from './complexity.js';
export {
  OUTPUT_TOKENS,
  TIER_FOR_COMPLEXITY,
  estimateCost,
  estimateTokens,
  selectModel,
} from './model-selector.js';
export type {
  CostEstimate,
  ModelChoice,
  ModelSelectionInput,
  ModelSource,
} from './model-selector.js';
export { routeOnce } from './router-cache.js';
export type { LoadedAgent, RouteIndex, RouteIndexOptions, RoutedAgent } from './router-cache.js';
export { cosine, openAiCompatibleEmbeddings } from './embeddings.js';
export type { EmbeddingsProvider, OpenAiEmbeddingsOptions } from './embeddings.js';
export { rerank } from './reranker.js';
export type { RerankOptions } from './reranker.js';
export { routeInProject, routeTask } from './route-task.js';
export type { LlmRouting, RouteExplanation, RouteTaskInput, RoutingProject } from './route-task.js';
export {
  MODEL_CANDIDATES,
  catalogueText,
  choiceRequest,
  readChoice,
  wantsModel,
} from './model-choice.js';
export type { CatalogueEntry, ChoiceBasis } from './model-choice.js';
export { routeWithModel } from './model-route.js';
export type { AskModel, ModelAnswer, ModelRouted } from './model-route.js';
export type { RoutingCall } from './routing-call.js';
