import { mcpSdk } from '../mcp/sdk.js';
import type { McpSdk } from '../mcp/sdk.js';

/**
 * A step's declared output (`output: { schema: … }`): its answer must be JSON that matches the
 * JSON Schema. The validator is Ajv (draft-07 keywords and the common formats), which the
 * bundled MCP SDK already carries: its chunk loads only when a workflow declares a schema.
 */
export interface OutputDefinition {
  /** A JSON Schema, as written in the workflow file. */
  readonly schema: Readonly<Record<string, unknown>>;
}

type SchemaCheck = (input: unknown) => { valid: boolean; errorMessage?: string | undefined };

let validator: McpSdk.AjvJsonSchemaValidator | undefined;
/**
 * Compiled schemas by the schema object. A run's steps keep their definition for the run, so a
 * loop's iterations compile once; the entries go with the definitions.
 */
const compiled = new WeakMap<object, SchemaCheck>();

/** Compiles `schema`, or throws Ajv's error for one it cannot compile. */
function compile(schema: Readonly<Record<string, unknown>>): SchemaCheck {
  let check = compiled.get(schema);
  if (check === undefined) {
    validator ??= new (mcpSdk().AjvJsonSchemaValidator)();
    check = validator.getValidator(schema);
    compiled.set(schema, check);
  }
  return check;
}

/** Why `schema` cannot be used (Ajv cannot compile it), or undefined when it can. */
export function schemaProblem(schema: Readonly<Record<string, unknown>>): string | undefined {
  try {
    compile(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The JSON of an answer: the whole text, trimmed, or the inside of one fenced code block that
 * is the whole text (```json … ```), as models often wrap JSON. Nothing else is looked into:
 * JSON inside prose does not count.
 */
function jsonText(output: string): string {
  const trimmed = output.trim();
  const fenced = /^```[A-Za-z]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return fenced?.[1] ?? trimmed;
}

/** What is wrong with `output` against the step's schema, or undefined when it matches. */
export function outputProblem(output: string, definition: OutputDefinition): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(jsonText(output));
  } catch {
    return 'the answer is not JSON';
  }
  const result = compile(definition.schema)(value);
  return result.valid ? undefined : (result.errorMessage ?? 'it does not match the schema');
}
