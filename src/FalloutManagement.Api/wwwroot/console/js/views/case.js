// The case workspace in the seed's layout: Header, Problem, Context, Actions, Evidence, Resolution.
// Actions are exactly the commands allowed-actions returns for this person (less redeeming a resume token, which is
// the order system's). Every command
// sends If-Match; a 412 shows what changed and reloads; a refusal shows the problem's title and detail.
import { h, clear, field, select, section, facts } from '../dom.js';
import { api, blobUrl } from '../api.js';
import { claims, hasRole, hasMfa } from '../auth.js';
import { flash, focusFlash, problemBox, stepUpBox, severityBadge, statusBadge, badge, render } from '../ui.js';
import { shortId, when, age, duration, slaState, slaLabel, slaText, humanize } from '../format.js';
import { correctionForms } from '../corrections.js';
import { orderGraph } from '../graph.js';

export const NOT_OFFERED = ['REDEEM_RESUME_TOKEN'];
const ORDER = ['ASSIGN', 'START', 'CLASSIFY', 'PROPOSE_CORRECTION', 'APPROVE_CORRECTION', 'REJECT_CORRECTION', 'APPLY_CORRECTION',
  'ATTACH_EVIDENCE', 'VERIFY', 'VERIFICATION_FAILED', 'RESOLVE', 'WAIT', 'CONTINUE', 'ESCALATE', 'CREATE_TASK', 'ASSIGN_TASK',
  'COMPLETE_TASK', 'HOLD_RESERVATION', 'LINK_INCIDENT', 'UNLINK_INCIDENT', 'RELINK', 'REISSUE_RESUME_TOKEN', 'CLOSE', 'CANCEL'];
const EVIDENCE_TYPES = ['SCREENSHOT', 'VENDOR_REQUEST_ID', 'READ_BACK_SNAPSHOT', 'FIELD_TECHNICIAN_REPORT', 'CUSTOMER_CONFIRMATION',
  'PARTNER_CONFIRMATION', 'SYSTEM_AUDIT_LOG', 'DOCUMENT', 'SYNTHETIC_TEST_RESULT', 'DATA_DIFF'];
const CATEGORIES = ['DATA', 'RESOURCE', 'ACTIVATION', 'FIELD', 'PARTNER', 'BILLING', 'COMPLIANCE'];
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const WATCHED = ['status', 'assignedUser', 'queue', 'severity', 'category', 'incidentId', 'escalationLevel', 'waitingFor'];

const text = (name, props = {}) => h('input', { name, autocomplete: 'off', ...props });
const area = (name, props = {}) => h('textarea', { name, rows: 2, ...props });
const reasonField = (required = true) => { const r = area('reason', { required }); return [field(required ? 'Reason' : 'Reason (optional)', r), r]; };

export async function caseWorkspace(main, id) {
  let fallout, version, allowed, timeline = [], audit = null, openAction = null;

  async function load() {
    const got = await api(`/fallout-cases/${id}`);
    fallout = got.data;
    version = got.etag ?? fallout.version;
    const [aa, tl, au] = await Promise.all([
      api(`/fallout-cases/${id}/allowed-actions`).then(r => r.data),
      api(`/fallout-cases/${id}/timeline`).then(r => r.data.items).catch(() => []),
      hasRole('fallout.supervisor', 'fallout.auditor') ? api(`/fallout-cases/${id}/audit`).then(r => r.data.items).catch(() => null) : null,
    ]);
    allowed = aa; timeline = tl; audit = au;
  }

  async function reload() {
    await load();
    draw();
  }

  /** Sends one command with the version the person saw. */
  async function command(path, body, box, { method = 'POST', done } = {}) {
    try {
      await api(path, { method, body, ifMatch: version });
      openAction = null;
      flash(done || 'Done.', 'ok');
      await reload();
      focusFlash();
    } catch (e) {
      if (e.status === 412) {
        const before = fallout;
        await load();
        const changes = WATCHED.filter(k => before[k] !== fallout[k]).map(k => `${k}: ${before[k] ?? '—'} → ${fallout[k] ?? '—'}`);
        for (const [k, label] of [['correctionActions', 'corrections'], ['evidence', 'evidence items'], ['tasks', 'tasks']]) {
          if ((before[k] || []).length !== (fallout[k] || []).length) changes.push(`${label}: ${(before[k] || []).length} → ${(fallout[k] || []).length}`);
        }
        openAction = null;
        draw();
        flash(h('div', { 'data-testid': 'version-conflict' }, h('strong', {}, 'The case changed while you were looking; it has been reloaded. '),
          `Version ${before.version} → ${fallout.version}. `, changes.length ? changes.join('; ') : 'No field you see changed.'), 'warn');
      } else {
        flash(null);
        clear(box, problemBox(e, () => reload()));
      }
    }
  }

  function draw() {
    clear(main,
      header(),
      h('div', { class: 'workspace' },
        h('div', { class: 'col-main' }, problem(), context()),
        h('div', { class: 'col-side' }, actions())),
      h('div', { class: 'workspace two' }, evidence(), resolution()));
  }

  // ---------------------------------------------------------------- Header
  function header() {
    const sla = slaState(fallout);
    const ctx = fallout.context || {};
    const customer = ctx.customer?.name ? `${ctx.customer.name}${ctx.customer.segment ? ` (${ctx.customer.segment})` : ''}` : fallout.customerId;
    return h('header', { class: 'case-head', 'aria-label': 'Case header' },
      h('div', { class: 'case-title' },
        h('h1', {}, 'Case ', h('span', { class: 'mono', title: fallout.id }, shortId(fallout.id))),
        severityBadge(fallout.severity), statusBadge(fallout.status),
        fallout.escalationLevel > 0 ? badge(`Escalated ×${fallout.escalationLevel}`, 'escalated') : null),
      h('dl', { class: 'head-facts' },
        h('div', {}, h('dt', {}, 'SLA'), h('dd', { class: `sla ${sla}`, 'data-testid': 'sla' },
          h('span', { class: 'sla-dot', 'aria-hidden': 'true' }), sla === 'done' ? slaText(fallout) : `${slaText(fallout)} · ${slaLabel[sla]}`)),
        h('div', {}, h('dt', {}, 'Queue'), h('dd', {}, fallout.queue)),
        h('div', {}, h('dt', {}, 'Owner'), h('dd', { 'data-testid': 'owner' }, fallout.assignedUser || 'unassigned')),
        h('div', {}, h('dt', {}, 'Customer'), h('dd', {}, customer || '—')),
        h('div', {}, h('dt', {}, 'Order'), h('dd', {}, `${fallout.serviceOrderId || '—'} / ${fallout.serviceOrderItemId || '—'}`)),
        h('div', {}, h('dt', {}, 'Version'), h('dd', { class: 'mono' }, String(version)))));
  }

  // ---------------------------------------------------------------- Problem
  function problem() {
    const ctx = fallout.context || {};
    const step = ctx.failedStep;
    const money = fallout.revenueAtRisk ? `${fallout.revenueAtRisk.amount.toLocaleString('en-US')} ${fallout.revenueAtRisk.currency}` : null;
    return section('Problem', 'problem',
      h('p', { class: 'reason-line' }, h('strong', {}, fallout.reasonCode), ' — ', fallout.message),
      facts([
        ['Source', `${fallout.sourceSystem} (event ${fallout.sourceEventId})`],
        ['Failed step', step ? `${fallout.failedStepKey || step.key} on ${step.system || '?'}${step.description ? ` — ${step.description}` : ''}` : fallout.failedStepKey],
        ['Resume point', fallout.resumePoint],
        ['Impact', [fallout.category && `${fallout.category}`, money && `revenue at risk ${money}`, fallout.promisedAt && `promised ${when(fallout.promisedAt)}`,
          `${fallout.occurrenceCount} occurrence(s)`].filter(Boolean).join(' · ')],
        ['Related incident', fallout.incidentId ? h('a', { href: '#/incidents' }, `INC ${shortId(fallout.incidentId)}`) : 'none'],
        ['Opened', `${when(fallout.createdAt)} (${age(fallout.createdAt)} ago)`],
      ]),
      slaClocks(),
      inHand());
  }

  /** The wait, the tasks and the held resources: what the case is waiting on and what has been set in motion. */
  function inHand() {
    const tasks = fallout.tasks || [], held = fallout.reservations || [];
    if (!fallout.waitingFor && !tasks.length && !held.length) return null;
    return h('div', { class: 'in-hand', 'data-testid': 'in-hand' },
      fallout.waitingFor ? h('p', { 'data-testid': 'wait' }, h('strong', {}, `Waiting for ${humanize(fallout.waitingFor)}`),
        fallout.waitingParty ? ` (${fallout.waitingParty} may end it)` : '', fallout.waitingUntil ? `, until ${when(fallout.waitingUntil)}` : '') : null,
      tasks.length ? [h('h3', {}, 'Tasks'), h('table', { class: 'mini', 'data-testid': 'tasks' },
        h('thead', {}, h('tr', {}, ['Task', 'Instruction', 'For', 'State', 'Outcome'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, tasks.map(t => h('tr', {}, h('td', {}, t.taskType, t.mandatory ? [' ', badge('mandatory')] : null), h('td', {}, t.instruction),
          h('td', {}, t.user || t.queue || '—'), h('td', {}, badge(t.status, 'status')), h('td', {}, t.outcome || '—')))))] : null,
      held.length ? [h('h3', {}, 'Held resources'), h('table', { class: 'mini', 'data-testid': 'reservations' },
        h('thead', {}, h('tr', {}, ['Resource', 'Kind', 'Until', 'At expiry', 'State'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, held.map(r => h('tr', {}, h('td', { class: 'mono' }, r.resourceId), h('td', {}, r.kind), h('td', {}, when(r.expiresAt)),
          h('td', {}, humanize(r.onExpiry)), h('td', {}, badge(r.status, 'status'))))))] : null);
  }

  function slaClocks() {
    const clocks = fallout.slaClocks || [];
    if (!clocks.length) return null;
    return h('table', { class: 'mini', 'aria-label': 'SLA clocks' },
      h('thead', {}, h('tr', {}, ['Clock', 'Due', 'Remaining', 'State'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, clocks.map(k => h('tr', {},
        h('td', {}, humanize(k.kind)), h('td', {}, when(k.dueAt)),
        h('td', {}, k.remaining != null && k.state !== 'MET' ? durationOf(k.remaining) : '—'),
        h('td', { class: `sla ${({ BREACHED: 'breached', AT_RISK: 'at-risk', MET: 'done' })[k.state] || 'on-track'}` },
          h('span', { class: 'sla-dot', 'aria-hidden': 'true' }), humanize(k.state))))));
  }

  // ---------------------------------------------------------------- Context
  function context() {
    const ctx = fallout.context;
    if (!ctx) return section('Context', 'context', h('p', { class: 'muted' }, 'The source system sent no context with this fallout.'));
    const failedItem = fallout.serviceOrderItemId;
    // Lists hold objects; a case stored before the intake refused null elements may still have some: skip them.
    const objects = list => (Array.isArray(list) ? list : []).filter(x => x && typeof x === 'object');
    const resources = objects(ctx.resources), attempts = objects(ctx.activationAttempts);
    return section('Context', 'context',
      ctx.suggestedCorrection ? h('div', { class: 'callout' }, h('strong', {}, 'Suggested by the source: '),
        humanize(ctx.suggestedCorrection.type), ' — ', ctx.suggestedCorrection.summary || '') : null,
      h('h3', {}, 'Order item graph'),
      orderGraph(objects(ctx.order?.items), failedItem),
      h('div', { class: 'split' },
        h('div', {}, h('h3', {}, 'Service'), facts([
          ['Service', ctx.service?.serviceId || fallout.impactedServiceId], ['Type', ctx.service?.serviceType], ['State', ctx.service?.state],
          ['Customer contact', ctx.customer?.contactChannel]])),
        h('div', {}, h('h3', {}, 'Resources and inventory state'),
          resources.length ? h('table', { class: 'mini' },
            h('thead', {}, h('tr', {}, ['Resource', 'Type', 'Value', 'Inventory', 'Assigned to'].map(t => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, resources.map(r => h('tr', {}, h('td', { class: 'mono' }, r.resourceId), h('td', {}, r.resourceType || '—'),
              h('td', { class: 'mono' }, r.value || '—'), h('td', {}, badge(r.inventoryState || '—', 'inv')), h('td', {}, r.assignedTo || '—')))))
            : h('p', { class: 'muted' }, 'No resources reported.'))),
      h('h3', {}, 'Activation attempts'),
      attempts.length ? h('table', { class: 'mini attempts', 'data-testid': 'attempts' },
        h('thead', {}, h('tr', {}, ['At', 'Command', 'Vendor response', 'Raw error', 'Normalized'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, attempts.map(a => h('tr', {}, h('td', {}, when(a.at)), h('td', { class: 'mono' }, a.command),
          h('td', {}, a.vendorResponse || '—'), h('td', { class: 'mono' }, a.rawError || '—'), h('td', {}, a.normalizedError ? badge(a.normalizedError) : '—')))))
        : h('p', { class: 'muted' }, 'No attempts reported.'));
  }

  // ---------------------------------------------------------------- Actions
  function actions() {
    // Task commands need an open task to act on.
    const offered = ORDER.filter(a => allowed.allowed.includes(a) && !NOT_OFFERED.includes(a) && forms[a]
      && !(['ASSIGN_TASK', 'COMPLETE_TASK'].includes(a) && openTasks().length === 0));
    const formHost = h('div', { class: 'action-form' });
    const buttons = h('div', { class: 'action-buttons', role: 'group', 'aria-label': 'Allowed actions', 'data-testid': 'actions' },
      offered.map(a => h('button', {
        type: 'button', 'data-action': a, class: a === openAction ? 'active' : null, 'aria-expanded': String(a === openAction),
        onclick: () => { openAction = openAction === a ? null : a; drawForm(); buttons.querySelectorAll('button').forEach(b => {
          b.classList.toggle('active', b.dataset.action === openAction); b.setAttribute('aria-expanded', String(b.dataset.action === openAction)); }); },
      }, labelOf(a))));
    const drawForm = () => {
      clear(formHost);
      if (!openAction) return;
      const box = h('div', { class: 'form-problem' });
      const def = forms[openAction](box);
      const form = h('form', {
        class: 'stack', 'data-form': openAction,
        onsubmit: e => { e.preventDefault(); def.submit(); },
      }, h('h3', {}, labelOf(openAction)), def.fields, box,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-submit': openAction }, def.submitLabel || labelOf(openAction)),
        h('button', { type: 'button', onclick: () => { openAction = null; draw(); } }, 'Close')));
      formHost.append(form);
      form.querySelector('input, select, textarea')?.focus();
    };
    drawForm();
    const stepUp = allowed.actions.find(a => a.code === 'STEP_UP_REQUIRED');
    return section('Actions', 'actions',
      offered.length ? buttons : h('p', { class: 'muted', 'data-testid': 'no-actions' }, 'Nothing you may do on this case now.'),
      stepUp ? stepUpBox({ detail: stepUp.reason }, () => reload()) : null,
      formHost,
      h('details', { class: 'why' }, h('summary', {}, 'Why not other actions?'),
        h('ul', {}, allowed.actions.filter(a => !a.allowed && a.reason && a.code !== 'INVALID_TRANSITION')
          .map(a => h('li', {}, h('code', {}, a.action), ': ', a.reason)))));
  }

  const path = p => `/fallout-cases/${id}${p}`;
  const pending = () => (fallout.correctionActions || []).filter(c => c.status === 'PENDING_APPROVAL');
  // Only a correction a person executes (no executor) is applied here; the others go to their owning system, which reports back.
  const ready = () => (fallout.correctionActions || []).filter(c => c.status === 'READY' && !c.executor);
  const openTasks = () => (fallout.tasks || []).filter(t => t.status === 'OPEN');
  const correctionLabel = c => `${c.type} · ${c.riskLevel} risk · by ${c.proposedBy}`;

  const forms = {
    // A supervisor assigns anyone; an operator claims a case, or hands over the one they hold.
    ASSIGN: { label: () => (hasRole('fallout.supervisor') ? 'Assign' : fallout.assignedUser === claims().sub ? 'Hand over' : 'Claim') },
    START: { label: 'Start work' },
    CLASSIFY: { label: 'Classify' },
    WAIT: { label: 'Wait' },
    CONTINUE: { label: 'Continue' },
    ESCALATE: { label: 'Escalate' },
    CREATE_TASK: { label: 'Add task' },
    ASSIGN_TASK: { label: 'Assign task' },
    COMPLETE_TASK: { label: 'Complete task' },
    HOLD_RESERVATION: { label: 'Hold a resource' },
    PROPOSE_CORRECTION: { label: 'Propose correction' },
    APPROVE_CORRECTION: { label: 'Approve' },
    REJECT_CORRECTION: { label: 'Reject' },
    APPLY_CORRECTION: { label: 'Apply correction' },
    VERIFY: { label: 'Verify' },
    VERIFICATION_FAILED: { label: 'Verification failed' },
    ATTACH_EVIDENCE: { label: 'Attach evidence' },
    RESOLVE: { label: 'Resolve' },
    REISSUE_RESUME_TOKEN: { label: 'Re-issue resume token' },
    LINK_INCIDENT: { label: 'Link to incident' },
    UNLINK_INCIDENT: { label: 'Unlink incident' },
    RELINK: { label: 'Relink references' },
    CLOSE: { label: 'Close' },
    CANCEL: { label: 'Cancel case' },
  };
  // Each form: (problem box) → {fields, submit}. Wrapped so forms[a].label and forms[a](box) both work.
  const builders = {
    ASSIGN: box => {
      if (!hasRole('fallout.supervisor') && fallout.assignedUser === claims().sub) {
        const to = text('user', { required: true }); const [rf, reason] = reasonField();
        return { fields: [field('Hand over to', to), rf], submitLabel: 'Hand over',
          submit: () => command(path('/assign'), { user: to.value.trim(), reason: reason.value }, box, { done: 'Handed over.' }) };
      }
      if (!hasRole('fallout.supervisor')) {
        return { fields: h('p', {}, 'Take this case: it becomes yours.'), submitLabel: 'Claim', submit: () => command(path('/assign'), {}, box, { done: 'Claimed.' }) };
      }
      const user = text('user', { placeholder: claims().sub }); const queue = text('queue'); const [rf, reason] = reasonField(false);
      return { fields: [field('User (empty: yourself)', user), field('Move to queue (optional)', queue), rf],
        submit: () => command(path('/assign'), { user: user.value || undefined, queue: queue.value || undefined, reason: reason.value || undefined }, box) };
    },
    START: box => ({ fields: h('p', {}, 'Start working the case (first action clock).'), submit: () => command(path('/start'), undefined, box, { done: 'Started.' }) }),
    CLASSIFY: box => {
      const category = select('category', CATEGORIES, fallout.category || fallout.categoryHint || 'DATA');
      const severity = select('severity', SEVERITIES, fallout.severity); const queue = text('queue'); const [rf, reason] = reasonField();
      return { fields: [field('Category', category), field('Severity', severity), field('Queue (optional)', queue), rf],
        submit: () => command(path('/classify'), { category: category.value, severity: severity.value, queue: queue.value || undefined, reason: reason.value }, box) };
    },
    WAIT: box => {
      const on = select('waitingFor', ['CUSTOMER', 'PARTNER', 'FIELD', 'VENDOR', 'INCIDENT'], 'CUSTOMER');
      const until = text('until', { type: 'datetime-local' }); const party = text('party', { placeholder: 'partner or executor code' });
      const [rf, reason] = reasonField();
      return { fields: [field('Waiting for', on), field('Party (optional: it may end the wait itself)', party), field('Until (optional)', until), rf],
        submit: () => command(path('/wait'), { waitingFor: on.value, reason: reason.value, party: party.value || undefined,
          until: until.value ? new Date(until.value).toISOString() : undefined }, box) };
    },
    CONTINUE: box => ({ fields: h('p', {}, 'The wait is over: back to work.'), submit: () => command(path('/continue'), undefined, box) }),
    ESCALATE: box => {
      const to = text('toQueue'); const raise = h('input', { type: 'checkbox', id: 'esc-raise' }); const [rf, reason] = reasonField();
      return { fields: [field('To queue (optional)', to), h('div', { class: 'field inline' }, raise, h('label', { for: 'esc-raise' }, 'Raise severity')), rf],
        submit: () => command(path('/escalate'), { reason: reason.value, toQueue: to.value || undefined, raiseSeverity: raise.checked }, box) };
    },
    CREATE_TASK: box => {
      const type = text('taskType', { required: true, placeholder: 'FIELD_VISIT' }); const instruction = area('instruction', { required: true });
      const mandatory = h('input', { type: 'checkbox', id: 'task-mandatory' });
      return { fields: [field('Task type', type), field('Instruction', instruction), h('div', { class: 'field inline' }, mandatory, h('label', { for: 'task-mandatory' }, 'Mandatory before resolution'))],
        submit: () => command(path('/tasks'), { taskType: type.value, instruction: instruction.value, mandatory: mandatory.checked }, box) };
    },
    ASSIGN_TASK: box => taskForm(box, 'assign', [['user', 'User'], ['reason', 'Reason']]),
    COMPLETE_TASK: box => taskForm(box, 'complete', [['outcome', 'Outcome']]),
    HOLD_RESERVATION: box => {
      const resource = text('resourceId', { required: true, value: fallout.resourceId || '' }); const kind = text('kind', { required: true, placeholder: 'PORT' });
      const expires = text('expiresAt', { type: 'datetime-local', required: true }); const onExpiry = select('onExpiry', ['RELEASE', 'QUARANTINE'], 'RELEASE');
      return { fields: [h('p', { class: 'muted' }, 'At expiry the inventory is asked to release or quarantine the resource.'),
        field('Resource', resource), field('Kind', kind), field('Held until', expires), field('At expiry', onExpiry)],
      submit: () => command(path('/reservations'), { resourceId: resource.value, kind: kind.value,
        expiresAt: expires.value ? new Date(expires.value).toISOString() : undefined, onExpiry: onExpiry.value }, box, { done: 'Resource held.' }) };
    },
    PROPOSE_CORRECTION: box => proposeForm(box),
    APPROVE_CORRECTION: box => decideForm(box, 'APPROVE'),
    REJECT_CORRECTION: box => decideForm(box, 'REJECT'),
    APPLY_CORRECTION: box => {
      const list = ready();
      const which = select('correction', list.map(c => ({ value: c.id, label: correctionLabel(c) })), list[0]?.id);
      const result = area('result', { placeholder: 'What was done, external reference' });
      return { fields: list.length ? [field('Correction', which), requirementsOf(list.find(c => c.id === which.value)), field('Result', result)] : h('p', { class: 'muted' }, 'No correction is ready to apply.'),
        submit: () => command(path(`/correction-actions/${which.value}/apply`), { result: { note: result.value } }, box, { done: 'Correction applied.' }) };
    },
    VERIFY: box => ({ fields: h('p', {}, 'The read-back confirms the correction.'), submit: () => command(path('/verify'), undefined, box, { done: 'Verifying.' }) }),
    VERIFICATION_FAILED: box => { const [rf, reason] = reasonField(); return { fields: rf, submit: () => command(path('/verification-failed'), { reason: reason.value }, box) }; },
    ATTACH_EVIDENCE: box => evidenceForm(box),
    RESOLVE: box => resolveForm(box),
    REISSUE_RESUME_TOKEN: box => { const [rf, reason] = reasonField(); return { fields: rf, submit: () => command(path('/resume-token/reissue'), { reason: reason.value }, box) }; },
    LINK_INCIDENT: box => {
      // The open incidents to pick from (title and the system they hit); an id can still be typed.
      const incident = text('incidentId', { required: true, placeholder: 'pick an open incident or type its id', list: 'open-incidents' });
      const choices = h('datalist', { id: 'open-incidents', 'data-testid': 'open-incidents' });
      api('/incidents?status=OPEN&limit=50').then(({ data }) => choices.append(...(data.items || []).map(i =>
        h('option', { value: i.id }, `${i.title} · ${i.affectedTargetSystem || ''}`)))).catch(() => {});
      // The service requires the reason of a link (it is the case's audit entry).
      const [rf, reason] = reasonField();
      return { fields: [field('Incident', incident), choices, rf],
        submit: () => command(`/incidents/${encodeURIComponent(incident.value.trim())}/links`, { caseId: id, reason: reason.value || undefined }, box) };
    },
    UNLINK_INCIDENT: box => {
      const [rf, reason] = reasonField(false);
      return { fields: rf, submit: () => command(`/incidents/${fallout.incidentId}/links/${id}?reason=${encodeURIComponent(reason.value)}`, undefined, box, { method: 'DELETE' }) };
    },
    RELINK: box => {
      const order = text('serviceOrderId', { value: fallout.serviceOrderId || '' });
      const item = text('serviceOrderItemId', { value: fallout.serviceOrderItemId || '' });
      const resource = text('resourceId', { value: fallout.resourceId || '' });
      const [rf, reason] = reasonField();
      return { fields: [h('p', { class: 'muted' }, 'References are fixed at intake; a relink is audited with before and after.'),
        field('Service order', order), field('Service order item', item), field('Resource', resource), rf],
      submit: () => command(path('/relink'), { serviceOrderId: order.value || undefined, serviceOrderItemId: item.value || undefined,
        resourceId: resource.value || undefined, reason: reason.value }, box, { done: 'References relinked.' }) };
    },
    CLOSE: box => { const [rf, reason] = reasonField(); return { fields: rf, submit: () => command(path('/close'), { reason: reason.value }, box, { done: 'Closed.' }) }; },
    CANCEL: box => { const [rf, reason] = reasonField(); return { fields: rf, submit: () => command(path('/cancel'), { reason: reason.value }, box, { done: 'Cancelled.' }) }; },
  };
  for (const [k, build] of Object.entries(builders)) { const label = forms[k].label; forms[k] = Object.assign(build, { label }); }
  // A label is text, or a function of the case as it is now (Claim or Hand over).
  const labelOf = a => (typeof forms[a].label === 'function' ? forms[a].label() : forms[a].label);

  function taskForm(box, verb, inputs) {
    const tasks = openTasks();
    const which = select('task', tasks.map(t => ({ value: t.id, label: `${t.taskType}: ${t.instruction}` })), tasks[0]?.id);
    const controls = inputs.map(([name]) => text(name, { required: true }));
    return { fields: tasks.length ? [field('Task', which), inputs.map(([, label], i) => field(label, controls[i]))] : h('p', { class: 'muted' }, 'No open task.'),
      submit: () => command(path(`/tasks/${which.value}/${verb}`), Object.fromEntries(inputs.map(([name], i) => [name, controls[i].value])), box) };
  }

  function requirementsOf(option) {
    if (!option) return null;
    const evidence = option.requiredEvidence || [];
    const have = new Set((fallout.evidence || []).map(e => e.evidenceType));
    return h('div', { class: 'requirements', 'data-testid': 'requirements' },
      h('div', {}, 'Risk: ', badge(option.riskLevel, `risk-${(option.riskLevel || '').toLowerCase()}`)),
      h('div', {}, 'Approval: ', option.approvalRequired ? h('strong', {}, 'required — a different person with the approver role decides'
        + (['HIGH', 'CRITICAL'].includes(option.riskLevel) ? ', signed in with MFA' : '')) : 'not required'),
      h('div', {}, 'Evidence: ', evidence.length ? evidence.map(t => badge(t, have.has(t) ? 'ok' : 'missing')) : 'none required'),
      option.customerNotificationRequired ? h('div', {}, 'The customer will be notified.') : null,
      option.policyRef ? h('div', { class: 'muted small' }, `Policy: ${option.policyRef}`) : null);
  }

  function proposeForm(box) {
    const options = allowed.correctionTypes.filter(c => c.allowed);
    const suggested = fallout.context?.suggestedCorrection?.type;
    const type = select('type', options.map(o => ({ value: o.type, label: `${humanize(o.type)} (${o.riskLevel})` })),
      options.some(o => o.type === suggested) ? suggested : options[0]?.type, { 'data-testid': 'correction-type' });
    const reqHost = h('div');
    const typed = h('fieldset', { class: 'typed' });
    const [rf, reason] = reasonField();
    let current;
    const pick = () => {
      const option = options.find(o => o.type === type.value);
      // The type's default policy; a policy may match the payload itself (a subscriber identity field, an amount).
      clear(reqHost, requirementsOf(option), h('p', { class: 'muted small', 'data-testid': 'policy-note' },
        'This is the type\'s default policy. The service decides on the payload you send: some fields or amounts '
        + '(a subscriber identity such as imsi, msisdn or iccid; a large refund) raise the risk and need approval. The case shows the outcome.'));
      current = correctionForms[type.value](fallout);
      clear(typed, h('legend', {}, `${humanize(type.value)} payload`), current.fields);
    };
    type.addEventListener('change', pick);
    pick();
    return { fields: [field('Correction type', type), reqHost, typed, rf],
      submit: () => command(path('/correction-actions'), { type: type.value, payload: current.payload(), reason: reason.value }, box, { done: 'Correction proposed.' }) };
  }

  function decideForm(box, decision) {
    const list = pending();
    const which = select('correction', list.map(c => ({ value: c.id, label: correctionLabel(c) })), list[0]?.id);
    const [rf, reason] = reasonField();
    const c = list[0];
    const mfaNote = c && ['HIGH', 'CRITICAL'].includes(c.riskLevel) && decision === 'APPROVE' && hasMfa()
      ? h('p', { class: 'ok-note' }, `Signed in with MFA: this ${c.riskLevel} risk approval can go ahead.`) : null;
    return { fields: list.length ? [field('Correction', which), payloadView(c), mfaNote, rf] : h('p', { class: 'muted' }, 'Nothing waits for approval.'),
      submit: () => command(path('/approve'), { correctionActionId: which.value, decision, reason: reason.value }, box,
        { done: decision === 'APPROVE' ? 'Approved.' : 'Rejected.' }) };
  }

  function evidenceForm(box) {
    const needed = new Set((fallout.correctionActions || []).filter(c => ['PENDING_APPROVAL', 'READY', 'APPLIED'].includes(c.status)).flatMap(c => c.requiredEvidence || []));
    const type = select('evidenceType', EVIDENCE_TYPES.map(t => ({ value: t, label: needed.has(t) ? `${humanize(t)} (required)` : humanize(t) })),
      [...needed][0] || 'READ_BACK_SNAPSHOT');
    const source = text('source', { required: true, value: 'console' });
    const ref = text('storageRef');
    const content = area('content', { rows: 3, placeholder: 'Read-back text, vendor answer…' });
    const file = h('input', { type: 'file', name: 'file' });
    const proves = h('input', { type: 'checkbox', id: 'ev-proves' });
    const visible = h('input', { type: 'checkbox', id: 'ev-visible' });
    return { fields: [field('Type', type), field('Source', source), field('Storage reference (optional)', ref), field('Content (text)', content),
      field('…or a file', file),
      h('div', { class: 'field inline' }, proves, h('label', { for: 'ev-proves' }, 'Proves the resolution')),
      h('div', { class: 'field inline' }, visible, h('label', { for: 'ev-visible' }, 'Customer may see it'))],
    submit: async () => {
      let base64, mediaType;
      if (file.files[0]) {
        base64 = base64Of(new Uint8Array(await file.files[0].arrayBuffer()));
        mediaType = file.files[0].type || 'application/octet-stream';
      } else if (content.value) {
        base64 = base64Of(new TextEncoder().encode(content.value));
        mediaType = 'text/plain';
      }
      await command(path('/evidence'), { evidenceType: type.value, source: source.value, storageRef: ref.value || undefined, content: base64, mediaType,
        provesResolution: proves.checked, customerVisible: visible.checked }, box, { done: 'Evidence attached.' });
    } };
  }

  function resolveForm(box) {
    const req = allowed.resolve;
    const decision = select('decision', ['RESUME', 'CANCEL', 'COMPENSATE'], 'RESUME');
    const mode = select('resumeMode', ['RETRY_FAILED_STEP', 'SKIP_STEP_ALREADY_DONE', 'REPLAN_FROM_STEP', 'CANCEL_ITEM', 'COMPENSATE_AND_CLOSE'], 'SKIP_STEP_ALREADY_DONE');
    const items = (fallout.evidence || []).filter(e => req.qualifyingEvidenceIds.includes(e.id));
    const evidenceId = select('evidenceId', items.map(e => ({ value: e.id, label: `${humanize(e.evidenceType)} by ${e.capturedBy}, ${when(e.capturedAt)}` })), items[items.length - 1]?.id);
    const [rf, reason] = reasonField();
    return { fields: [
      h('div', { class: 'requirements' },
        h('div', {}, 'Evidence proving the resolution: ', items.length ? badge(`${items.length} item(s)`, 'ok') : badge('none yet', 'missing')),
        h('div', {}, 'Open mandatory tasks: ', req.openMandatoryTaskIds.length ? badge(String(req.openMandatoryTaskIds.length), 'missing') : badge('none', 'ok'))),
      field('Decision', decision), field('Resume mode', mode), field('Evidence', evidenceId), rf],
    submit: () => command(path('/resolve'), { decision: decision.value, resumeMode: mode.value, evidenceId: evidenceId.value, reason: reason.value }, box,
      { done: 'Resolved.' }) };
  }

  // ---------------------------------------------------------------- Evidence
  function evidence() {
    const items = fallout.evidence || [];
    const readBack = items.filter(e => e.evidenceType === 'READ_BACK_SNAPSHOT');
    const changes = (fallout.correctionActions || []);
    return section('Evidence', 'evidence',
      h('h3', {}, 'Attachments'),
      items.length ? h('ul', { class: 'evidence-list', 'data-testid': 'evidence' }, items.map(e => h('li', {},
        badge(humanize(e.evidenceType), e.evidenceType === 'READ_BACK_SNAPSHOT' ? 'readback' : ''), ' ',
        h('span', {}, `${e.source} · ${e.capturedBy} · ${when(e.capturedAt)}`),
        e.provesResolution ? badge('proves resolution', 'ok') : null, e.customerVisible ? badge('customer visible') : null,
        e.checksum ? h('div', { class: 'mono small muted' }, `sha-256 ${e.checksum.slice(0, 16)}…`) : null,
        e.contentLength ? h('button', { type: 'button', class: 'link', onclick: async ev => {
          try { window.open(await blobUrl(`/fallout-cases/${id}/evidence/${e.id}/content`), '_blank', 'noopener'); } catch (err) {
            ev.target.replaceWith(err.status === 403
              ? h('span', { class: 'muted small', role: 'status' }, 'Evidence content is protected for your role; the assignee or a permitted reviewer opens it.')
              : problemBox(err));
          }
        } }, `Open content (${e.contentLength} bytes)`) : null)))
        : h('p', { class: 'muted' }, 'No evidence yet.'),
      h('h3', {}, 'Read-back'),
      readBack.length ? h('p', {}, `${readBack.length} read-back snapshot(s), latest ${when(readBack[readBack.length - 1].capturedAt)}.`) : h('p', { class: 'muted' }, 'No read-back yet.'),
      h('h3', {}, 'Corrections: before and after'),
      changes.length ? changes.map(c => h('div', { class: 'correction' },
        h('div', {}, h('strong', {}, humanize(c.type)), ' ', badge(c.status, 'status'), ' ', badge(`${c.riskLevel} risk`, `risk-${c.riskLevel.toLowerCase()}`),
          h('span', { class: 'muted small' }, ` proposed by ${c.proposedBy}${c.approvedBy ? `, decided by ${c.approvedBy}` : ''}${c.appliedBy ? `, applied by ${c.appliedBy}` : ''}`)),
        c.executor ? h('div', { class: 'small', 'data-testid': 'execution' }, `Executed by ${c.executor}: `, badge(c.executionStatus, 'status'),
          c.executionDeadline && c.executionStatus === 'REQUESTED' ? h('span', { class: 'muted' }, ` result due ${when(c.executionDeadline)}`) : null,
          c.executionResult && c.executionResult.outcome !== c.executionStatus ? h('span', { class: 'muted' }, ` ${c.executionResult.outcome}`) : null,
          c.executionResult?.detail ? h('span', { class: 'muted' }, `: ${c.executionResult.detail}`) : null) : null,
        payloadView(c))) : h('p', { class: 'muted' }, 'No correction proposed.'),
      h('h3', {}, 'Timeline'),
      h('ol', { class: 'timeline', 'data-testid': 'timeline' }, timeline.slice().reverse().slice(0, 40).map(t => h('li', {},
        h('time', { datetime: t.at }, when(t.at)), ' ', badge(t.kind, 'kind'), ' ', h('strong', {}, humanize(t.title)),
        t.actor ? h('span', { class: 'muted' }, ` by ${t.actor}`) : null, t.detail ? h('div', { class: 'small' }, t.detail) : null))));
  }

  // ---------------------------------------------------------------- Resolution
  function resolution() {
    const r = fallout.resolution, t = fallout.resumeToken;
    const notifications = timeline.filter(i => /Notification/i.test(i.title));
    return section('Resolution', 'resolution',
      facts([
        ['Decision', r ? `${r.decision}${r.resumeMode ? ` (${humanize(r.resumeMode)})` : ''} by ${r.resolvedBy}, ${when(r.resolvedAt)}` : 'not resolved'],
        ['Reason', r?.reason],
      ]),
      h('h3', {}, 'Resume token'),
      t ? h('div', { class: 'token', 'data-testid': 'resume-token' },
        h('div', {}, badge(t.status, t.status === 'ISSUED' ? 'ok' : t.status === 'EXPIRED' ? 'missing' : 'status'), ' ', h('span', { class: 'mono' }, t.tokenId)),
        facts([['Item / step', `${t.serviceOrderItemId} / ${t.failedStepKey}`], ['Mode', humanize(t.mode)], ['Expected order version', t.expectedOrderVersion],
          ['Issued', when(t.issuedAt)], ['Expires', when(t.expiresAt)], ['Redeemed', t.redeemedAt ? when(t.redeemedAt) : null]]))
        : h('p', { class: 'muted' }, 'No token issued.'),
      h('h3', {}, 'Customer notification'),
      notifications.length ? h('ul', {}, notifications.map(n => h('li', {}, `${when(n.at)} ${humanize(n.title)}`))) : h('p', { class: 'muted' }, 'None requested.'),
      h('h3', {}, 'Audit trail'),
      audit ? h('table', { class: 'mini', 'data-testid': 'audit' },
        h('thead', {}, h('tr', {}, ['#', 'At', 'Actor', 'Action', 'Reason', 'Hash'].map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, audit.map(a => h('tr', {}, h('td', {}, a.chainSeq ?? ''), h('td', {}, when(a.occurredAt)), h('td', {}, a.actor), h('td', {}, a.action),
          h('td', {}, a.reason || ''), h('td', { class: 'mono small' }, (a.hash || '').slice(0, 10))))))
        : h('ul', { class: 'timeline' }, timeline.filter(i => i.kind === 'AUDIT').map(i => h('li', {}, `${when(i.at)} ${i.actor || ''}: ${humanize(i.title)}`))));
  }

  await render(main, async () => { await load(); return []; });
  if (fallout) draw();
}

/** A correction's payload, with before → after side by side for a data correction. */
export function payloadView(c) {
  if (!c) return null;
  const p = c.payload || {};
  if (c.type === 'DATA_CORRECTION') {
    return h('div', { class: 'before-after' }, h('div', {}, h('small', {}, `Before (${p.field})`), h('pre', {}, JSON.stringify(p.before, null, 1))),
      h('span', { 'aria-hidden': 'true' }, '→'), h('div', {}, h('small', {}, 'After'), h('pre', {}, JSON.stringify(p.after, null, 1))));
  }
  return h('dl', { class: 'facts compact' }, Object.entries(p).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))]),
    c.result ? [h('dt', {}, 'result'), h('dd', {}, JSON.stringify(c.result))] : null);
}

/** The service's ISO 8601 durations ("PT59M30S", "P1DT2H", "-PT5M") as "59m 30s", "1d 2h", "-5m 00s". */
function durationOf(iso) {
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
  if (!m) return String(iso);
  const ms = (((+(m[2] || 0) * 24 + +(m[3] || 0)) * 60 + +(m[4] || 0)) * 60 + +(m[5] || 0)) * 1000;
  return duration(m[1] ? -ms : ms);
}

/** Base64 of any number of bytes (a spread of a large array overflows the call stack). */
function base64Of(bytes) {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
  return btoa(text);
}
