// Incidents with their linked cases and bulk recovery: always a dry run first, then the run and its progress.
import { h, clear, field, select } from '../dom.js';
import { api } from '../api.js';
import { hasRole } from '../auth.js';
import { problemBox, severityBadge, statusBadge, badge, render } from '../ui.js';
import { shortId, when } from '../format.js';

export async function incidentsView(main) {
  let selected = null;
  const detail = h('div');
  await render(main, async () => {
    const { data } = await api('/incidents?limit=50');
    const incidents = data.items || data;
    const list = h('ul', { class: 'incident-list' }, incidents.map(i => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => { selected = i.id; show(); } }, i.title), ' ',
      badge(i.status, i.status === 'OPEN' ? 'missing' : 'ok'), h('div', { class: 'muted small' }, `${i.affectedTargetSystem} · since ${when(i.startedAt)}`))));
    selected = incidents[0]?.id ?? null;
    show();
    return [h('h1', {}, 'Incidents'), h('div', { class: 'workspace' },
      h('div', { class: 'col-side' }, h('section', { class: 'panel' }, h('h2', {}, 'Incidents'), incidents.length ? list : h('p', { class: 'muted' }, 'No incidents.'))),
      h('div', { class: 'col-main' }, detail))];
  });

  async function show() {
    if (!selected) return;
    await render(detail, async () => {
      const [{ data: incident }, { data: page }] = await Promise.all([api(`/incidents/${selected}`), api(`/fallout-cases?incidentId=${selected}&limit=100`)]);
      const impact = incident.impact;
      return [
        h('section', { class: 'panel' }, h('h2', {}, incident.title, ' ', badge(incident.status)),
          h('p', {}, incident.description),
          impact ? h('p', {}, `${impact.linkedCases} linked case(s), ${impact.openCases} open, ${impact.distinctCustomers} customer(s)`) : null,
          incident.rootCause ? h('p', {}, h('strong', {}, 'Root cause: '), incident.rootCause) : null),
        h('section', { class: 'panel' }, h('h2', {}, 'Linked cases'),
          h('table', { class: 'mini' }, h('thead', {}, h('tr', {}, ['Case', 'Severity', 'Status', 'Queue', 'Owner'].map(t => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, page.items.map(c => h('tr', {}, h('td', {}, h('a', { href: `#/case/${c.id}` }, shortId(c.id))), h('td', {}, severityBadge(c.severity)),
              h('td', {}, statusBadge(c.status)), h('td', {}, c.queue), h('td', {}, c.assignedUser || '—')))))),
        hasRole('fallout.supervisor') ? recovery(incident) : null,
      ];
    });
  }

  function recovery(incident) {
    const action = select('action', ['RETRY', 'CANCEL'], 'RETRY');
    const out = h('div', { 'aria-live': 'polite' });
    let dryRunDone = false;
    const run = h('button', { type: 'button', class: 'primary', disabled: true, onclick: () => start(false) }, 'Run recovery');
    const start = async dryRun => {
      try {
        const { data: job } = await api(`/incidents/${incident.id}/recovery`, { method: 'POST', body: { action: action.value, dryRun } });
        clear(out, jobView(job));
        if (dryRun) { dryRunDone = true; run.disabled = false; } else if (job.id) poll(job.id);
      } catch (e) { clear(out, problemBox(e)); }
    };
    const poll = async jobId => {
      const { data: job } = await api(`/incidents/${incident.id}/recovery/${jobId}`);
      clear(out, jobView(job));
      if (job.status === 'RUNNING') setTimeout(() => poll(jobId), 1000);
    };
    action.addEventListener('change', () => { dryRunDone = false; run.disabled = true; clear(out); });
    // The service runs a recovery only after the incident is resolved (its root cause known): resolve it here first.
    if (incident.status === 'OPEN') {
      const rootCause = h('textarea', { name: 'rootCause', rows: 3, required: true });
      const problem = h('div');
      return h('section', { class: 'panel' }, h('h2', {}, 'Bulk recovery'),
        h('p', { class: 'muted', 'data-testid': 'recovery-waits' }, 'Bulk recovery runs once the incident is resolved with its root cause.'),
        h('form', { class: 'stack', 'data-form': 'resolve-incident', onsubmit: async e => {
          e.preventDefault();
          try {
            await api(`/incidents/${incident.id}/resolve`, { method: 'POST', body: { rootCause: rootCause.value } });
            await show();
          } catch (err) { clear(problem, problemBox(err)); }
        } }, field('Root cause', rootCause), problem, h('button', { type: 'submit', class: 'primary', 'data-submit': 'resolve-incident' }, 'Resolve incident')));
    }
    return h('section', { class: 'panel' }, h('h2', {}, 'Bulk recovery'),
      h('p', { class: 'muted' }, 'A dry run shows what would happen to each linked case; only then can the recovery run.'),
      field('Action', action),
      h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => start(true) }, 'Dry run'), run),
      out);
    function jobView(job) {
      const pct = job.total ? Math.round((100 * job.processed) / job.total) : 100;
      const bar = h('progress', { max: 100, value: pct, 'aria-label': 'Recovery progress' });
      return h('div', {}, h('p', {}, `${job.dryRun ? 'Dry run' : 'Recovery'} ${job.status}: ${job.processed}/${job.total} processed, ${job.done} done, ${job.skipped} skipped, ${job.failed} failed`,
        job.stopReason ? ` — stopped: ${job.stopReason}` : ''), bar, dryRunDone && job.dryRun ? h('p', { class: 'ok-note' }, 'Dry run done: you may run it.') : null,
      h('ul', { class: 'small' }, job.outcomes.slice(0, 50).map(o => h('li', {}, `${shortId(o.caseId)}: ${o.outcome}${o.reason ? ` — ${o.reason}` : ''}${o.problemCode ? ` (${o.problemCode})` : ''}`))));
    }
  }
}
