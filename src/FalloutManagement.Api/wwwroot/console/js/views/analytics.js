// Analytics as charts: trends by category and by queue, SLA breach rate by clock and by queue, repeat fallout.
import { h, field, select } from '../dom.js';
import { api } from '../api.js';
import { render } from '../ui.js';
import { humanize } from '../format.js';
import { Chart } from '../../vendor/chart.js';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const state = { days: 14 };
let charts = [];

export async function analyticsView(main) {
  charts.forEach(c => c.destroy());
  charts = [];
  delete main.dataset.chartsReady;
  await render(main, async () => {
    const to = new Date();
    const from = new Date(to.getTime() - state.days * 86400000);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const { data: queueList } = await api('/queues');
    const queues = (Array.isArray(queueList) ? queueList : queueList.items || []).map(q => q.code);
    const [summary, trends, repeat, perQueue] = await Promise.all([
      api(`/analytics/summary?${range}`).then(r => r.data),
      api(`/analytics/trends?${range}`).then(r => r.data),
      api(`/analytics/repeat-fallout?${range}&top=10`).then(r => r.data),
      Promise.all(queues.map(q => Promise.all([
        api(`/analytics/trends?${range}&queue=${encodeURIComponent(q)}`).then(r => r.data),
        api(`/analytics/summary?${range}&queue=${encodeURIComponent(q)}`).then(r => r.data),
      ]).then(([t, s]) => ({ queue: q, trends: t, summary: s })))),
    ]);
    const days = [];
    for (let d = new Date(from.getTime() + 86400000); d <= to; d = new Date(d.getTime() + 86400000)) days.push(d.toISOString().slice(0, 10));
    if (days[days.length - 1] !== to.toISOString().slice(0, 10)) days.push(to.toISOString().slice(0, 10));

    const range_ = select('days', [{ value: '7', label: 'Last 7 days' }, { value: '14', label: 'Last 14 days' }, { value: '30', label: 'Last 30 days' }, { value: '90', label: 'Last 90 days' }], String(state.days));
    range_.addEventListener('change', () => { state.days = Number(range_.value); analyticsView(main); });

    const canvases = {};
    const chartPanel = (key, title, description) => {
      canvases[key] = h('canvas', { role: 'img', 'aria-label': `${title}: ${description}` });
      return h('section', { class: 'panel chart' }, h('h2', {}, title), h('div', { class: 'chart-box' }, canvases[key]), h('p', { class: 'muted small' }, description));
    };
    const kpi = (label, value) => h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
    const pct = x => `${(100 * (x || 0)).toFixed(1)} %`;
    const resolveBreach = summary.slaBreach.find(b => b.clock === 'TIME_TO_RESOLVE') || summary.slaBreach[0];
    const content = [
      h('div', { class: 'page-head' }, h('h1', {}, 'Analytics'), field('Period', range_)),
      h('div', { class: 'kpis' },
        kpi('Open cases', String(summary.openCases)),
        kpi('Created in period', String(summary.casesCreated)),
        kpi('SLA breach rate (resolve)', resolveBreach ? pct(resolveBreach.rate) : '—'),
        kpi('Mean time to resolve', summary.meanTimeToResolveHours != null ? `${summary.meanTimeToResolveHours.toFixed(1)} h` : '—'),
        kpi('Automation recovery', pct(summary.automationRecoveryRate)),
        kpi('Stuck orders', String(summary.stuckOrders))),
      h('div', { class: 'charts' },
        chartPanel('byCategory', 'New fallout by category', 'cases created per day, stacked by category'),
        chartPanel('byQueue', 'New fallout by queue', 'cases created per day in each queue'),
        chartPanel('breachClock', 'SLA breach rate by clock', 'share of clocks that breached, per clock kind'),
        chartPanel('breachQueue', 'SLA breach rate by queue', 'share of resolve clocks that breached, per queue'),
        chartPanel('repeat', 'Repeat fallout', 'the products, resources and targets that fail again and again'),
        chartPanel('open', 'Open cases by severity', 'open cases now')),
    ];
    // Charts measure their canvas: draw them once the page is in the document.
    setTimeout(() => {
      const categories = [...new Set(trends.items.map(p => p.category))];
      const series = (items, key) => days.map(d => items.filter(p => p.day === d && (!key || p.category === key)).reduce((n, p) => n + p.cases, 0));
      charts.push(new Chart(canvases.byCategory, { type: 'bar', data: { labels: days, datasets: categories.map((c, i) => ({ label: c, data: series(trends.items, c), backgroundColor: PALETTE[i % 8] })) },
        options: stacked() }));
      charts.push(new Chart(canvases.byQueue, { type: 'line', data: { labels: days, datasets: perQueue.filter(q => q.trends.items.length).map((q, i) => ({
        label: q.queue, data: series(q.trends.items), borderColor: PALETTE[i % 8], backgroundColor: PALETTE[i % 8], tension: 0, pointRadius: 2, borderWidth: 2 })) }, options: base() }));
      charts.push(new Chart(canvases.breachClock, { type: 'bar', data: { labels: summary.slaBreach.map(b => humanize(b.clock)),
        datasets: [{ label: 'Breach rate %', data: summary.slaBreach.map(b => +(100 * b.rate).toFixed(1)), backgroundColor: '#dc2626' }] }, options: percent() }));
      const withClocks = perQueue.filter(q => q.summary.slaBreach.some(b => b.clocks > 0));
      charts.push(new Chart(canvases.breachQueue, { type: 'bar', data: { labels: withClocks.map(q => q.queue),
        datasets: [{ label: 'Resolve breach rate %', data: withClocks.map(q => +(100 * ((q.summary.slaBreach.find(b => b.clock === 'TIME_TO_RESOLVE') || { rate: 0 }).rate)).toFixed(1)),
          backgroundColor: '#d97706' }] }, options: percent(true) }));
      charts.push(new Chart(canvases.repeat, { type: 'bar', data: { labels: repeat.items.map(r => `${r.dimension}: ${r.key}`),
        datasets: [{ label: 'Cases', data: repeat.items.map(r => r.cases), backgroundColor: '#7c3aed' }, { label: 'Occurrences', data: repeat.items.map(r => r.occurrences), backgroundColor: '#c4b5fd' }] },
      options: { ...base(), indexAxis: 'y' } }));
      charts.push(new Chart(canvases.open, { type: 'doughnut', data: { labels: summary.openBySeverity.map(x => x.key),
        datasets: [{ data: summary.openBySeverity.map(x => x.count), backgroundColor: summary.openBySeverity.map(x => ({ LOW: '#94a3b8', MEDIUM: '#2563eb', HIGH: '#d97706', CRITICAL: '#dc2626' })[x.key] || '#4b5563') }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right' } } } }));
      main.dataset.chartsReady = String(charts.length);
    }, 0);
    return content;
  });
}

function base() {
  return { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
}
function stacked() { const o = base(); o.scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }; return o; }
function percent(horizontal = false) {
  const value = { beginAtZero: true, max: 100, title: { display: true, text: '%' } };
  return { ...base(), indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } }, scales: horizontal ? { x: value } : { y: value } };
}
