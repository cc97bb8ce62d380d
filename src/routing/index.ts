export { Router, calibrate } from './router.js';
export type { RouteAlternative, RouteDecision, RouterOptions } from './router.js';
export { Bm25Index, DEFAULT_FIELD_WEIGHTS, ROUTING_FIELDS } from './bm25-index.js';
export type { Bm25Hit, Bm25Options, FieldTerms, RoutingField, TermMatch } from './bm25-index.js';
export { MAX_SCORED_CHARS, stem, terms } from './text.js';
export { closestNames, editDistance } from './closest-names.js';
