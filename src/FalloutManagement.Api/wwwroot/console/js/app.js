// The console's shell: sign-in, navigation by role, and the hash router (#/work, #/case/{id}, #/approvals, …).
import { h, clear, field, select } from './dom.js';
import { loadConfig, claims, hasRole, devSignIn, signOut, beginOidcSignIn, completeOidcSignIn, currentConfig } from './auth.js';
import { flash } from './ui.js';
import { workList } from './views/worklist.js';
import { caseWorkspace } from './views/case.js';
import { approvalsInbox } from './views/approvals.js';
import { incidentsView } from './views/incidents.js';
import { analyticsView } from './views/analytics.js';

const main = document.getElementById('main');

// "Skip to content" moves the focus to the page, not through the hash router (which would leave the case open).
document.querySelector('.skip-link')?.addEventListener('click', e => { e.preventDefault(); main.focus(); });

const pages = [
  { path: 'work', label: 'Work list', roles: ['fallout.operator', 'fallout.supervisor', 'fallout.auditor'], view: workList },
  { path: 'approvals', label: 'Approvals', roles: ['fallout.approver'], view: approvalsInbox },
  { path: 'incidents', label: 'Incidents', roles: ['fallout.supervisor', 'fallout.auditor', 'fallout.operator'], view: incidentsView },
  { path: 'analytics', label: 'Analytics', roles: ['fallout.supervisor', 'fallout.auditor'], view: analyticsView },
];

// People to sign in as in Development; the roles and queues go into the minted token.
const devPeople = [
  { sub: 'olivia.operator', label: 'Olivia — operator, mobile activation', roles: ['fallout.operator'], queues: ['MOBILE_ACTIVATION_L2'] },
  { sub: 'dina.operator', label: 'Dina — operator, data fixes', roles: ['fallout.operator'], queues: ['FULFILLMENT_DATA_FIX', 'FALLOUT_TRIAGE'] },
  { sub: 'sam.supervisor', label: 'Sam — supervisor', roles: ['fallout.supervisor'], queues: [] },
  { sub: 'ana.approver', label: 'Ana — approver', roles: ['fallout.approver'], queues: [] },
  { sub: 'aud.auditor', label: 'Audrey — auditor', roles: ['fallout.auditor'], queues: [] },
];

function visiblePages() { return pages.filter(p => hasRole(...p.roles)); }

function renderChrome() {
  const c = claims();
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const current = location.hash.split('/')[1] || '';
  clear(nav, c ? visiblePages().map(p => h('a', { href: `#/${p.path}`, 'aria-current': current === p.path ? 'page' : null }, p.label)) : null);
  clear(who, c ? [
    h('span', { 'data-testid': 'signed-in-as' }, c.sub),
    c.amr.includes('mfa') ? h('span', { class: 'badge mfa', title: 'Signed in with multi-factor authentication' }, 'MFA') : null,
    h('button', { type: 'button', class: 'link', onclick: () => { signOut(); location.hash = '#/'; route(); } }, 'Sign out'),
  ] : null);
}

function signInPage() {
  const config = currentConfig();
  if (!config.devTokens) {
    return h('section', { class: 'panel narrow' }, h('h1', {}, 'Sign in'),
      config.authority
        ? [h('p', {}, 'Sign in with your organisation account.'),
           h('button', { type: 'button', class: 'primary', onclick: () => beginOidcSignIn().catch(e => flash(e.message, 'error')) }, 'Sign in')]
        : h('p', { class: 'problem' }, 'No sign-in authority is configured (Console:Authority, Console:ClientId).'));
  }
  const sub = h('input', { name: 'sub', required: true, autocomplete: 'off' });
  const roles = h('input', { name: 'roles', value: 'fallout.operator' });
  const queues = h('input', { name: 'queues', value: 'MOBILE_ACTIVATION_L2' });
  const mfa = h('input', { type: 'checkbox', name: 'mfa' });
  const person = select('person', [{ value: '', label: 'Someone else…' }, ...devPeople.map(p => ({ value: p.sub, label: p.label }))], devPeople[0].sub,
    { 'data-testid': 'dev-person' });
  const fill = () => {
    const p = devPeople.find(x => x.sub === person.value);
    if (p) { sub.value = p.sub; roles.value = p.roles.join(' '); queues.value = p.queues.join(' '); }
  };
  person.addEventListener('change', fill);
  fill();
  const form = h('form', {
    class: 'stack',
    onsubmit: async e => {
      e.preventDefault();
      try {
        await devSignIn({ sub: sub.value.trim(), roles: roles.value.split(/[\s,]+/).filter(Boolean), queues: queues.value.split(/[\s,]+/).filter(Boolean), mfa: mfa.checked });
        flash('');
        location.hash = `#/${visiblePages()[0]?.path || ''}`;
        route();
      } catch (err) { flash(err.message, 'error'); }
    },
  },
  field('Person', person),
  field('User (sub)', sub),
  field('Roles', roles, 'fallout.operator, fallout.supervisor, fallout.approver, fallout.auditor, fallout.admin, fallout.source'),
  field('Queues', queues, 'Queue codes the person works, separated by spaces'),
  h('div', { class: 'field inline' }, mfa, h('label', { for: (mfa.id = 'dev-mfa') }, 'Signed in with MFA (step-up)')),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'dev-sign-in' }, 'Sign in'));
  return h('section', { class: 'panel narrow', 'aria-labelledby': 'signin-h' },
    h('h1', { id: 'signin-h' }, 'Sign in (Development)'),
    h('p', { class: 'muted' }, 'Development only: the service mints a token for the person you pick. Production signs in through OpenID Connect.'),
    form);
}

export async function route() {
  renderChrome();
  const c = claims();
  if (!c || (c.exp && c.exp * 1000 < Date.now())) {
    signOut();
    renderChrome();
    clear(main, signInPage());
    return;
  }
  const [, path, arg] = location.hash.split('/');
  if (path === 'case' && arg) return caseWorkspace(main, arg);
  const page = visiblePages().find(p => p.path === path) || visiblePages()[0];
  if (!page) {
    clear(main, h('section', { class: 'panel narrow' }, h('h1', {}, 'Nothing to show'),
      h('p', {}, 'Your roles have no page in the console (sources and admins use the API).')));
    return;
  }
  if (page.path !== path) { history.replaceState(null, '', `#/${page.path}`); renderChrome(); }
  return page.view(main);
}

window.addEventListener('hashchange', () => { flash(''); route(); main.focus(); });
window.addEventListener('fallout:session', () => renderChrome());
window.addEventListener('fallout:unauthorized', () => { signOut(); flash('Your sign-in has expired. Sign in again.', 'error'); route(); });

(async () => {
  await loadConfig();
  try { await completeOidcSignIn(); } catch (e) { flash(e.message, 'error'); }
  await route();
})();
