// Shared pieces of the pages: flash messages, problem boxes, badges, the step-up prompt.
import { h, clear } from './dom.js';
import { stepUp, currentConfig } from './auth.js';

export function flash(message, kind = 'info') {
  const box = document.getElementById('flash');
  clear(box, message ? h('div', { class: `flash-msg ${kind}`, tabindex: '-1' }, message) : null);
}

/** After a command redraws the page, the keyboard focus goes to its message instead of falling back to the page's top. */
export function focusFlash() { document.querySelector('#flash .flash-msg')?.focus(); }

/** A refusal as the API gave it: its title and detail, and field errors when validation failed. */
export function problemBox(problem, onStepUp) {
  if (problem.code === 'STEP_UP_REQUIRED') return stepUpBox(problem, onStepUp);
  const errors = problem.errors ? Object.entries(problem.errors).map(([f, msgs]) => h('li', {}, h('code', {}, f), ': ', msgs.join(' '))) : [];
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', { class: 'problem-title' }, problem.title),
    problem.code ? h('span', { class: 'code' }, ` ${problem.code} · ${problem.status}`) : null,
    problem.detail ? h('p', {}, problem.detail) : null,
    errors.length ? h('ul', {}, errors) : null);
}

export function stepUpBox(problem, onStepUp) {
  const dev = currentConfig().devTokens;
  return h('div', { class: 'problem step-up', role: 'alert' },
    h('strong', { class: 'problem-title' }, 'Sign in again with MFA'),
    h('p', {}, problem.detail || 'This approval needs multi-factor authentication.'),
    h('button', {
      type: 'button', class: 'primary', 'data-testid': 'step-up',
      onclick: async () => { if (await stepUp()) onStepUp?.(); },
    }, dev ? 'Sign in again with MFA (development)' : 'Sign in again with MFA'));
}

export function badge(text, kind) { return h('span', { class: `badge ${kind || ''}`.trim() }, text); }

export function severityBadge(sev) { return badge(sev || '—', `sev-${(sev || '').toLowerCase()}`); }

export function statusBadge(status) { return badge(status, 'status'); }

export function loading(target) { clear(target, h('p', { class: 'muted' }, 'Loading…')); }

/** Renders a page; a problem while loading shows in place of the page. */
export async function render(target, build) {
  loading(target);
  try {
    const content = await build();
    clear(target, content);
  } catch (e) {
    clear(target, e.status ? problemBox(e) : h('div', { class: 'problem', role: 'alert' }, String(e.message || e)));
  }
}
