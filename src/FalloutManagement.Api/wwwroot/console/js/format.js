// Formatting only: nothing here decides what a person may do.

export function shortId(id) { return id ? String(id).slice(-8) : '—'; }

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** 3725 s → "1h 02m"; negative → "-1h 02m". */
export function duration(ms) {
  const neg = ms < 0;
  let sec = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(sec / 86400); sec -= d * 86400;
  const hr = Math.floor(sec / 3600); sec -= hr * 3600;
  const m = Math.floor(sec / 60); sec -= m * 60;
  const text = d > 0 ? `${d}d ${hr}h` : hr > 0 ? `${hr}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(sec).padStart(2, '0')}s`;
  return neg ? `-${text}` : text;
}

export function age(iso, now = Date.now()) { return iso ? duration(now - Date.parse(iso)) : '—'; }

/**
 * The SLA state the service reports, as a colour: a clock's state when the case has clocks, else breached when
 * the service says so; "at risk" is the service's own 80 % jeopardy mark (from its clocks) or, for list rows that
 * carry only the due time, 80 % of the time between creation and due.
 */
export function slaState(c, now = Date.now()) {
  if (!slaRunning(c)) return 'done';
  const clock = (c.slaClocks || []).find(k => k.state === 'BREACHED') || (c.slaClocks || []).find(k => k.state === 'AT_RISK');
  if (clock) return clock.state === 'BREACHED' ? 'breached' : 'at-risk';
  const due = Date.parse(c.slaDueAt), created = Date.parse(c.createdAt);
  if (now > due || c.sla?.breached) return 'breached';
  return (now - created) >= 0.8 * (due - created) ? 'at-risk' : 'on-track';
}

export const slaLabel = { 'on-track': 'On track', 'at-risk': 'At risk', breached: 'Breached', done: 'No clock running' };

/** Whether a clock still runs: not once the case is resolved, closed or cancelled, nor when every clock has stopped. */
function slaRunning(c) {
  if (/^(CLOSED|CANCELLED|RESOLVED_)/.test(c.status)) return false;
  return !c.slaClocks?.length || c.slaClocks.some(k => k.state !== 'MET');
}

export function slaText(c, now = Date.now()) {
  if (!slaRunning(c)) return 'Met';
  const remaining = Date.parse(c.slaDueAt) - now;
  return remaining >= 0 ? `${duration(remaining)} left` : `${duration(-remaining)} over`;
}

/** "CASE_ASSIGNED" and "FalloutCaseAssigned" → "Case assigned", "Fallout case assigned". */
export function humanize(code) {
  return code ? String(code).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().replace(/^\w/, ch => ch.toUpperCase()) : '—';
}
