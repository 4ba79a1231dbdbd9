// Builds DOM nodes from data without ever parsing it as HTML: every string becomes a text node or an attribute value.

/** h('button', {class: 'primary', onclick: fn, 'aria-label': 'Claim'}, 'Claim') */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function applyProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069) in data would reorder the text around them, the console's own
 * included ("RTL override" spoofing): they are shown as visible marks instead.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
export const visibleText = value => String(value).replace(BIDI_CONTROLS, c => `\u27E6U+${c.charCodeAt(0).toString(16).toUpperCase()}\u27E7`);

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(visibleText(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let fieldSeq = 0;

/** A labelled form field; `control` is an input, select or textarea element. */
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: hintId }, hint) : null);
}

export function select(name, options, value, props = {}) {
  return h('select', { name, ...props },
    options.map(o => (typeof o === 'string' ? { value: o, label: o } : o))
      .map(o => h('option', { value: o.value, selected: o.value === value ? true : null }, o.label)));
}

export function section(title, id, ...children) {
  const headingId = `${id}-h`;
  return h('section', { class: 'panel', id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), children);
}

/** A two-column list of facts; falsy values show as a dash. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}
