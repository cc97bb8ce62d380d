/**
 * dist/routing.cjs: the router, the complexity classifier and the model selector. Loaded by
 * `route` (and by commands that suggest names), so every other command starts without it.
 */
export { closestNames, notFoundMessage, routeInProject } from './index.js';
