// One typed form per correction type (the payload shapes of docs/corrections.md): no generic patch. Each form returns its payload.
import { h, field, select } from './dom.js';

const input = (name, props = {}) => h('input', { name, autocomplete: 'off', ...props });
const area = (name, props = {}) => h('textarea', { name, rows: 3, ...props });

/** "key=value" lines → an object (MANUAL_PROVISIONING parameters, ORDER_AMENDMENT details). */
function pairs(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/**
 * DATA_CORRECTION before/after: an object, a list, true/false or null when typed as JSON; anything else, numbers included,
 * stays the text as typed. Identifiers that look like numbers (ICCID, IMSI, MSISDN) would lose digits as JSON numbers.
 */
function valueOf(text) {
  const t = text.trim();
  if (/^[[{]/.test(t) || t === 'true' || t === 'false' || t === 'null') {
    try { return JSON.parse(t); } catch { return text; }
  }
  return text;
}

const isoOrNull = v => (v ? new Date(v).toISOString() : undefined);

export const correctionForms = {
  RETRY: fallout => {
    const step = input('step', { value: fallout.failedStepKey || '' });
    const notBefore = input('notBefore', { type: 'datetime-local' });
    return { fields: [field('Step to retry', step), field('Not before (optional)', notBefore)],
      payload: () => ({ step: step.value || undefined, notBefore: isoOrNull(notBefore.value) }) };
  },
  DATA_CORRECTION: () => {
    const name = input('field', { required: true });
    const before = input('before', { required: true });
    const after = input('after', { required: true });
    return { fields: [field('Field', name, 'e.g. imsi, installationAddress.postcode'), field('Before', before), field('After', after)],
      payload: () => ({ field: name.value, before: valueOf(before.value), after: valueOf(after.value) }) };
  },
  RESOURCE_REALLOCATION: fallout => {
    const oldId = input('oldResourceId', { required: true, value: fallout.resourceId || '' });
    const newId = input('newResourceId', { required: true });
    const disposition = select('oldResourceDisposition', ['RELEASE', 'QUARANTINE'], 'QUARANTINE');
    return { fields: [field('Old resource', oldId), field('New resource', newId), field('What becomes of the old one', disposition)],
      payload: () => ({ oldResourceId: oldId.value, newResourceId: newId.value, oldResourceDisposition: disposition.value }) };
  },
  MANUAL_PROVISIONING: () => {
    const target = input('targetSystem', { required: true });
    const instruction = area('instruction', { required: true });
    const parameters = area('parameters', { required: true, placeholder: 'msisdn=628…\nimsi=510…' });
    return { fields: [field('Target system', target), field('Instruction', instruction), field('Exact parameters', parameters, 'One key=value per line')],
      payload: () => ({ targetSystem: target.value, instruction: instruction.value, parameters: pairs(parameters.value) }) };
  },
  ORDER_AMENDMENT: () => {
    const change = select('change', ['DOWNGRADE_PLAN', 'REMOVE_ADDON', 'CHANGE_INSTALLATION_DATE', 'CHANGE_ADDRESS', 'SPLIT_ORDER'], 'DOWNGRADE_PLAN');
    const details = area('details', { required: true, placeholder: 'plan=BASIC_10GB' });
    return { fields: [field('Change', change), field('Details', details, 'One key=value per line')],
      payload: () => ({ change: change.value, details: pairs(details.value) }) };
  },
  CANCELLATION: () => {
    const scope = select('scope', ['ITEM', 'ORDER'], 'ITEM');
    const release = h('input', { type: 'checkbox', name: 'releaseResources', id: 'cx-release' });
    const notify = h('input', { type: 'checkbox', name: 'notifyCustomer', id: 'cx-notify' });
    return { fields: [field('Scope', scope),
      h('div', { class: 'field inline' }, release, h('label', { for: 'cx-release' }, 'Release resources')),
      h('div', { class: 'field inline' }, notify, h('label', { for: 'cx-notify' }, 'Notify the customer'))],
    payload: () => ({ scope: scope.value, releaseResources: release.checked, notifyCustomer: notify.checked }) };
  },
  COMPENSATION: () => {
    const kind = select('kind', ['CREDIT_ADJUSTMENT', 'WAIVE_FEE', 'DISABLE_FEATURE', 'REFUND', 'REVOKE_ENTITLEMENT', 'QUARANTINE_RESOURCE'], 'CREDIT_ADJUSTMENT');
    const amount = input('amount', { type: 'number', min: '0', step: '0.01' });
    const currency = input('currency', { maxlength: '3', placeholder: 'IDR' });
    return { fields: [field('Kind', kind), field('Amount', amount, 'Required for a refund or credit adjustment'), field('Currency', currency)],
      payload: () => ({ kind: kind.value, amount: amount.value ? Number(amount.value) : undefined, currency: currency.value || undefined }) };
  },
  FORCE_COMPLETE: fallout => {
    const step = input('step', { required: true, value: fallout.failedStepKey || '' });
    const justification = area('justification', { required: true });
    return { fields: [field('Step to mark complete', step), field('Justification', justification, 'Why the step is really done (read-back, vendor confirmation)')],
      payload: () => ({ step: step.value, justification: justification.value }) };
  },
};
