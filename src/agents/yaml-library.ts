/**
 * The one place that imports the `yaml` library. Import this module dynamically
 * (`await import('./yaml-library.js')`) so the bundler keeps the library in its own chunk, off
 * the cold path; named imports are resolved here, statically, where they bundle correctly.
 */
export { LineCounter, isMap, parseDocument, stringify } from 'yaml';
