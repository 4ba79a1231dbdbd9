// The approvals inbox: every correction waiting for a checker, with maker, risk, before/after, evidence and policy.
// Approve and reject show only where the case's allowed-actions offer them to this person. When allowed-actions
// refuses the approval with STEP_UP_REQUIRED (a HIGH/CRITICAL risk, signed in without MFA), the card says so and
// offers "sign in again with MFA"; a 403 STEP_UP_REQUIRED from the command shows the same prompt.
import { h, clear, field } from '../dom.js';
import { api } from '../api.js';
import { hasMfa } from '../auth.js';
import { flash, problemBox, stepUpBox, severityBadge, badge, render } from '../ui.js';
import { shortId, when, humanize } from '../format.js';
import { payloadView } from './case.js';

export async function approvalsInbox(main) {
  const reload = () => approvalsInbox(main);
  await render(main, async () => {
    const { data } = await api('/fallout-cases?status=APPROVAL_REQUIRED&limit=50');
    const cases = await Promise.all(data.items.map(async item => {
      const [got, allowed] = await Promise.all([api(`/fallout-cases/${item.id}`), api(`/fallout-cases/${item.id}/allowed-actions`)]);
      return { fallout: got.data, version: got.etag, allowed: allowed.data };
    }));
    const cards = cases.flatMap(({ fallout, version, allowed }) => (fallout.correctionActions || [])
      .filter(c => c.status === 'PENDING_APPROVAL')
      .map(c => card(fallout, version, allowed, c, reload)));
    return [
      h('div', { class: 'page-head' }, h('h1', {}, 'Approvals'),
        h('p', { class: 'muted' }, hasMfa() ? 'Signed in with MFA: you may approve HIGH and CRITICAL risk corrections.'
          : 'HIGH and CRITICAL risk approvals need step-up: sign in again with MFA to approve them.')),
      cards.length ? h('div', { class: 'cards', 'data-testid': 'approvals' }, cards) : h('p', { class: 'panel muted' }, 'Nothing waits for your approval.'),
    ];
  });
}

function card(fallout, version, allowed, c, reload) {
  const box = h('div');
  const reason = h('textarea', { name: 'reason', rows: 2, required: true });
  const have = new Set((fallout.evidence || []).map(e => e.evidenceType));
  const decide = async decision => {
    if (!reason.value.trim()) { reason.focus(); reason.reportValidity?.(); return; }
    try {
      await api(`/fallout-cases/${fallout.id}/approve`, { method: 'POST', ifMatch: version, body: { correctionActionId: c.id, decision, reason: reason.value } });
      flash(decision === 'APPROVE' ? 'Approved.' : 'Rejected.', 'ok');
      reload();
    } catch (e) {
      if (e.status === 412) { flash('The case changed since the inbox loaded; here it is again.', 'warn'); reload(); return; }
      clear(box, problemBox(e, reload));
    }
  };
  const buttons = [
    allowed.allowed.includes('APPROVE_CORRECTION') ? h('button', { type: 'button', class: 'primary', 'data-action': 'APPROVE_CORRECTION', onclick: () => decide('APPROVE') }, 'Approve') : null,
    allowed.allowed.includes('REJECT_CORRECTION') ? h('button', { type: 'button', 'data-action': 'REJECT_CORRECTION', onclick: () => decide('REJECT') }, 'Reject') : null,
  ];
  const highRisk = ['HIGH', 'CRITICAL'].includes(c.riskLevel);
  const approval = allowed.actions.find(a => a.action === 'APPROVE_CORRECTION');
  const needsStepUp = approval?.code === 'STEP_UP_REQUIRED';
  return h('article', { class: 'panel approval', 'data-case': fallout.id, 'data-correction': c.id, 'aria-label': `${c.type} on case ${shortId(fallout.id)}` },
    h('header', {}, h('h2', {}, humanize(c.type), ' ', badge(`${c.riskLevel} risk`, `risk-${c.riskLevel.toLowerCase()}`),
      highRisk ? badge(needsStepUp ? 'Step-up required' : hasMfa() ? 'MFA ✓' : 'MFA', needsStepUp ? 'missing' : 'ok') : null),
    h('a', { href: `#/case/${fallout.id}` }, `Case ${shortId(fallout.id)}`), ' ', severityBadge(fallout.severity),
    h('span', { class: 'muted' }, ` ${fallout.reasonCode} · ${fallout.queue}`)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Maker'), h('dd', { 'data-testid': 'maker' }, `${c.proposedBy}, ${when(c.proposedAt)}`),
      h('dt', {}, 'Reason'), h('dd', {}, c.reason),
      h('dt', {}, 'Policy'), h('dd', {}, c.policyRef || '—'),
      h('dt', {}, 'Evidence'), h('dd', {}, (c.requiredEvidence || []).length
        ? c.requiredEvidence.map(t => badge(`${humanize(t)} ${have.has(t) ? '✓' : 'missing'}`, have.has(t) ? 'ok' : 'missing'))
        : 'none required', ` · ${(fallout.evidence || []).length} item(s) on the case`)),
    h('h3', {}, 'Before / after'), payloadView(c),
    buttons.some(Boolean) ? [field('Reason for your decision', reason), h('div', { class: 'row' }, buttons)] : null,
    needsStepUp ? stepUpBox({ detail: approval.reason }, reload)
      : approval && !approval.allowed ? h('p', { class: 'muted' }, approval.reason) : null,
    box);
}
