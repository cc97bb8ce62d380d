/**
 * Task templates: `{{inputs.goal}}`, `{{steps.design.output}}`, `{{repeat.previous}}`. A
 * template is split once into literal text and references; validation checks every reference
 * before any model call, and rendering only substitutes.
 */

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ref'; readonly path: readonly string[]; readonly source: string };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const REFERENCE = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;

export class TemplateError extends Error {}

/** Splits a template; throws TemplateError for a placeholder that is not a dotted reference. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index;
    const inner = match[1] ?? '';
    if (!REFERENCE.test(inner))
      throw new TemplateError(
        `"{{${inner}}}" is not a reference; write e.g. {{inputs.goal}} or {{steps.design.output}}`,
      );
    if (index > last) parts.push({ kind: 'text', text: template.slice(last, index) });
    parts.push({ kind: 'ref', path: inner.split('.'), source: match[0] });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

/** Joins the parts, each reference replaced by `valueOf(path)`. */
export async function renderTemplate(
  parts: readonly TemplatePart[],
  valueOf: (path: readonly string[]) => string | Promise<string>,
): Promise<string> {
  let text = '';
  for (const part of parts) text += part.kind === 'text' ? part.text : await valueOf(part.path);
  return text;
}
