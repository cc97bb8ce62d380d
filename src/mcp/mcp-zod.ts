/**
 * The part of zod the tool schemas use (src/mcp/tools.ts), re-exported by name so that the
 * build bundles what these need and not all of zod (its locales alone are 290 KB).
 */
export { boolean, enum, number, record, string } from 'zod';
export type { ZodType } from 'zod';
