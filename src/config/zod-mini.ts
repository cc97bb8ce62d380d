/**
 * The part of `zod/mini` the config schema uses. The build bundles exactly these into
 * `dist/vendor/zod-mini.cjs`: 34 KB, where all of zod/mini is 550 KB (mostly its locales).
 * schema.ts types the library as this module, so using anything else fails to type-check
 * instead of failing at run time in the build.
 */
export {
  array,
  boolean,
  enum,
  int,
  maximum,
  maxLength,
  minimum,
  minLength,
  number,
  optional,
  record,
  regex,
  strictObject,
  string,
} from 'zod/mini';
