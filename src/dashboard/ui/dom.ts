/**
 * The page's only way to build DOM. Data is always set as text (createTextNode) or as an
 * attribute value, never parsed as HTML, so an event's text shows literally. Links may only
 * point inside the page (`#/...`), which rules out `javascript:` URLs. Nothing here needs inline
 * scripts or style attributes, so the page runs under a strict Content-Security-Policy.
 */

export type Child = Node | string | number | null | undefined | false;

/** A child or nested lists of them (flattened in order). */
export type Children = Child | readonly Children[];

/** Attribute values; a function under an `on<event>` key becomes a listener. */
export type Attributes = Readonly<
  Record<string, string | number | boolean | null | undefined | EventListener>
>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Attributes | null,
  ...children: readonly Children[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes !== null && attributes !== undefined) setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (the DAG's edges); attributes as for h(). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes?: Attributes | null,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  if (attributes !== null && attributes !== undefined) setAttributes(element, attributes);
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
      continue;
    }
    const text = value === true ? '' : String(value);
    if (name === 'href' && !isSafeHref(text)) throw new Error(`unsafe link: ${text}`);
    // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' styles allows.
    if (name === 'style' && (element instanceof HTMLElement || element instanceof SVGElement))
      element.style.cssText = text;
    else element.setAttribute(name, text);
  }
}

/** Only in-page links: the router's hashes. */
export function isSafeHref(href: string): boolean {
  return href.startsWith('#');
}

export function append(parent: Node, children: readonly Children[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child as readonly Children[]);
    else if (child instanceof Node) parent.appendChild(child);
    else if (typeof child === 'string' || typeof child === 'number')
      parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: readonly Children[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A call-to-action empty state: a title and a hint with `code` parts. */
export function emptyState(title: string, ...hint: readonly Children[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), h('p', null, hint));
}

export function code(text: string): HTMLElement {
  return h('code', null, text);
}
