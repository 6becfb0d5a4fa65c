/**
 * Markup as strings. Everything a scenario names (regions, services, fault targets, descriptions)
 * reaches the page through `text` or `attr`, so nothing a user writes can become markup.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export type Attrs = Record<string, string | number | null | undefined | false>;

/** ` name="value"` for every attribute that is set; numbers rounded to 0.01 to keep files small and stable. */
export function attrs(values: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue;
    out += ` ${name}="${escapeHtml(typeof value === 'number' ? round2(value) : value)}"`;
  }
  return out;
}

/** A number written with at most two decimals and no trailing zeros (−0 written as 0). */
export function round2(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** An element: `el('rect', {x: 1})` or `el('g', {}, child, child)`; children are markup already. */
export function el(tag: string, values: Attrs, ...children: string[]): string {
  return children.length === 0 && VOID_SVG.has(tag) ? `<${tag}${attrs(values)}/>` : `<${tag}${attrs(values)}>${children.join('')}</${tag}>`;
}

const VOID_SVG = new Set(['rect', 'line', 'circle', 'path', 'polyline', 'polygon', 'ellipse', 'use']);

/** Text content, escaped. */
export function text(value: string): string {
  return escapeHtml(value);
}

/** JSON that is safe inside `<script type="application/json">`: no `</script>` or `<!--` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
