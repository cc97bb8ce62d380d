export { REFERENCE_PAGES } from './pages.js';
export type { ReferencePage } from './pages.js';
export { renderCliReference } from './render-cli.js';
export type { CliReferenceInput } from './render-cli.js';
export { renderConfigReference } from './render-config.js';
export { renderErrorReference } from './render-errors.js';
export { writeReferenceDocs } from './write-docs.js';
