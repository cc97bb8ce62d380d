export { parseSimpleYaml } from './simple-yaml.js';
export type { SimpleYamlResult, SimpleYamlValue } from './simple-yaml.js';
export { parseFullYaml } from './full-yaml.js';
export type { FullYamlResult } from './full-yaml.js';
export { yamlLibrary } from './yaml-library.js';
export { ALIAS_BOMB_REASON, documentValue } from './document-value.js';
export type { DocumentValue } from './document-value.js';
