// The work list: the caller's queues (supervisors: every queue and the escalations), filters, SLA countdowns,
// pull-next and claim. Claim shows only on rows whose allowed-actions offer ASSIGN to this person.
import { h, clear, field, select } from '../dom.js';
import { api } from '../api.js';
import { claims, hasRole } from '../auth.js';
import { flash, problemBox, severityBadge, statusBadge, badge, render } from '../ui.js';
import { shortId, age, slaState, slaLabel, slaText, humanize } from '../format.js';

const PAGE = 25;
const STATUSES = ['', 'DETECTED', 'QUEUED', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'WAITING_PARTNER', 'WAITING_FIELD', 'WAITING_VENDOR',
  'WAITING_INCIDENT', 'CORRECTION_PROPOSED', 'APPROVAL_REQUIRED', 'CORRECTION_APPLIED', 'VERIFYING', 'RESOLVED_RESUME', 'RESOLVED_CANCEL',
  'RESOLVED_COMPENSATE', 'CLOSED', 'CANCELLED'];
const SEVERITIES = ['', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const CATEGORIES = ['', 'DATA', 'RESOURCE', 'ACTIVATION', 'FIELD', 'PARTNER', 'BILLING', 'COMPLIANCE'];
const ESCALATIONS = '__escalations';

// The list state survives navigating to a case and back.
const state = { queue: null, filters: { status: '', severity: '', category: '', mine: false, slaBreached: false }, cursors: [null] };

export async function workList(main) {
  const seesAll = hasRole('fallout.supervisor', 'fallout.auditor');
  let queues = claims().queues;
  if (seesAll) {
    const { data } = await api('/queues');
    queues = (Array.isArray(data) ? data : data.items || []).map(q => q.code);
  }
  const tabs = seesAll ? [...queues, ESCALATIONS] : queues;
  if (!tabs.includes(state.queue)) { state.queue = tabs[0] ?? null; state.cursors = [null]; }

  const tableHost = h('div', { class: 'table-host' });
  const pullHost = h('div', { class: 'pull' });

  const reload = () => render(tableHost, () => table(tableHost));
  const choose = q => { state.queue = q; state.cursors = [null]; draw(); };

  const filterForm = h('form', {
    class: 'filters', 'aria-label': 'Filters',
    onchange: e => {
      const f = e.target;
      state.filters[f.name] = f.type === 'checkbox' ? f.checked : f.value;
      state.cursors = [null];
      reload();
    },
    onsubmit: e => e.preventDefault(),
  },
  field('Status', select('status', STATUSES.map(s => ({ value: s, label: s ? humanize(s) : 'Any' })), state.filters.status)),
  field('Severity', select('severity', SEVERITIES.map(s => ({ value: s, label: s || 'Any' })), state.filters.severity)),
  field('Category', select('category', CATEGORIES.map(s => ({ value: s, label: s || 'Any' })), state.filters.category)),
  h('div', { class: 'field inline' }, h('input', { type: 'checkbox', name: 'mine', id: 'f-mine', checked: state.filters.mine }),
    h('label', { for: 'f-mine' }, 'Assigned to me')),
  h('div', { class: 'field inline' }, h('input', { type: 'checkbox', name: 'slaBreached', id: 'f-breached', checked: state.filters.slaBreached }),
    h('label', { for: 'f-breached' }, 'SLA breached')));

  function draw() {
    clear(main,
      h('div', { class: 'page-head' }, h('h1', {}, 'Work list'), pullHost),
      tabs.length
        ? h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Queues' }, tabs.map(q => h('button', {
          type: 'button', role: 'tab', 'aria-selected': String(q === state.queue), class: q === state.queue ? 'tab active' : 'tab',
          'data-queue': q, onclick: () => choose(q),
        }, q === ESCALATIONS ? 'Escalations' : q)))
        : h('p', { class: 'problem' }, 'Your token names no queues: ask for the queues you work.'),
      filterForm,
      tableHost);
    drawPull();
    reload();
  }

  function drawPull() {
    const canPull = state.queue && state.queue !== ESCALATIONS && hasRole('fallout.operator', 'fallout.supervisor');
    clear(pullHost, canPull ? h('button', {
      type: 'button', class: 'primary', 'data-testid': 'pull-next',
      onclick: async () => {
        try {
          const { data, status } = await api(`/queues/${encodeURIComponent(state.queue)}/next`, { method: 'POST' });
          if (status === 204 || !data) { flash(`Nothing waits in ${state.queue}.`); return; }
          location.hash = `#/case/${data.id}`;
        } catch (e) { clear(pullHost, problemBox(e)); }
      },
    }, `Pull next from ${state.queue}`) : null);
  }

  async function table() {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (state.queue === ESCALATIONS) q.set('escalated', 'true'); else if (state.queue) q.set('queue', state.queue);
    for (const k of ['status', 'severity', 'category']) if (state.filters[k]) q.set(k, state.filters[k]);
    if (state.filters.mine) q.set('assignedUser', claims().sub);
    if (state.filters.slaBreached) q.set('slaBreached', 'true');
    const cursor = state.cursors[state.cursors.length - 1];
    if (cursor) q.set('cursor', cursor);
    const { data } = await api(`/fallout-cases?${q}`);
    const allowed = await Promise.all(data.items.map(c => api(`/fallout-cases/${c.id}/allowed-actions`).then(r => r.data).catch(() => null)));
    const now = Date.now();
    const rows = data.items.map((c, i) => {
      const sla = slaState(c, now);
      const canClaim = allowed[i]?.allowed.includes('ASSIGN') && c.assignedUser !== claims().sub;
      return h('tr', { 'data-case': c.id },
        h('td', {}, h('a', { href: `#/case/${c.id}`, 'aria-label': `Open case ${c.id}` }, shortId(c.id))),
        h('td', {}, severityBadge(c.severity)),
        h('td', { class: `sla ${sla}` }, h('span', { class: 'sla-dot', 'aria-hidden': 'true' }), h('span', { class: 'sla-text' }, slaText(c, now)),
          h('span', { class: 'sr-only' }, ` (${slaLabel[sla]})`)),
        h('td', {}, statusBadge(c.status)),
        h('td', {}, h('div', { class: 'reason' }, c.reasonCode), h('div', { class: 'muted small' }, c.message)),
        h('td', {}, c.queue),
        h('td', {}, age(c.createdAt, now)),
        h('td', {}, c.assignedUser || h('span', { class: 'muted' }, 'unassigned')),
        h('td', {}, c.incidentId ? badge(`INC ${shortId(c.incidentId)}`, 'incident') : '—',
          c.escalationLevel > 0 ? badge(`Escalated ×${c.escalationLevel}`, 'escalated') : null),
        h('td', {}, canClaim ? h('button', {
          type: 'button', 'data-testid': 'claim', onclick: async e => {
            try {
              await api(`/fallout-cases/${c.id}/assign`, { method: 'POST', body: {}, ifMatch: c.version });
              location.hash = `#/case/${c.id}`;
            } catch (err) {
              if (err.status !== 412) { e.target.replaceWith(problemBox(err)); return; }
              // Someone acted on the case since the list was read: say who holds it now, and read the list again.
              const { data: now } = await api(`/fallout-cases/${c.id}`).catch(() => ({ data: null }));
              flash(now?.assignedUser ? `Case ${shortId(c.id)} was claimed by ${now.assignedUser} meanwhile.` : `Case ${shortId(c.id)} changed meanwhile; the list is read again.`, 'warn');
              reloadTable();
            }
          },
        }, 'Claim') : null));
    });
    const pager = h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: state.cursors.length === 1, onclick: () => { state.cursors.pop(); reloadTable(); } }, 'Previous'),
      h('span', { class: 'muted' }, `Page ${state.cursors.length}`),
      h('button', { type: 'button', disabled: !data.nextCursor, onclick: () => { state.cursors.push(data.nextCursor); reloadTable(); } }, 'Next'));
    return [
      h('table', { class: 'cases', 'data-testid': 'work-list' },
        h('caption', { class: 'sr-only' }, 'Cases ordered by SLA due time'),
        h('thead', {}, h('tr', {}, ['Case', 'Severity', 'SLA', 'Status', 'Reason', 'Queue', 'Age', 'Owner', 'Incident', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 10, class: 'muted empty' }, 'No cases match.')))),
      pager,
    ];
  }

  function reloadTable() { reload(); }

  draw();
}
