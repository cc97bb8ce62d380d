import type { ViewName } from '../router.js';
import type { ViewFactory } from '../view.js';
import { agentsView } from './agents.js';
import { costView } from './cost.js';
import { liveView } from './live.js';
import { memoryView } from './memory.js';
import { performanceView } from './performance.js';
import { runsView } from './runs.js';
import { sessionsView } from './sessions.js';
import { toolsView } from './tools.js';

/** Each view of the router (router.ts VIEWS), by name. */
export const VIEW_FACTORIES: Readonly<Record<ViewName, ViewFactory>> = {
  live: liveView,
  tools: toolsView,
  agents: agentsView,
  runs: runsView,
  cost: costView,
  performance: performanceView,
  memory: memoryView,
  sessions: sessionsView,
};
