import { UsageError } from '../../errors.js';
import { flag } from '../args.js';
import type { FlagLayer, OptionSpec, ParsedValues } from '../command.js';

/** `--llm-route` / `--no-llm-route`: config `routing.llm` for one command (`route`, `run`). */
export const LLM_ROUTE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'llm-route': {
    type: 'boolean',
    description: 'When the router is unsure, let a haiku-tier model choose (routing.llm: auto)',
  },
  'no-llm-route': {
    type: 'boolean',
    description: 'The router alone, no routing call (routing.llm: off)',
  },
};

/** `flags` with `routing.llm` set by --llm-route or --no-llm-route, when one is given. */
export function withLlmRoute(values: ParsedValues, flags: FlagLayer): FlagLayer {
  const on = flag(values, 'llm-route');
  const off = flag(values, 'no-llm-route');
  if (on && off)
    throw new UsageError(
      '--llm-route and --no-llm-route contradict each other',
      'pass one of them, or neither to follow config routing.llm',
    );
  if (!on && !off) return flags;
  const names = new Map(flags.names);
  names.set('routing.llm', on ? '--llm-route' : '--no-llm-route');
  return {
    layer: { ...flags.layer, routing: { ...flags.layer.routing, llm: on ? 'auto' : 'off' } },
    names,
  };
}
