// The order's items as a graph (inline SVG): each item in the column of its longest dependency chain, an arrow
// from an item to each item that depends on it; the failed item and its dependants stand out.
import { h, s } from './dom.js';

const W = 168, H = 54, GAP_X = 56, GAP_Y = 18, PAD = 12;

export function orderGraph(items, failedItemId) {
  if (!items?.length) return h('p', { class: 'muted' }, 'The source sent no order items.');
  const byId = new Map(items.map(i => [i.id, i]));
  const depth = new Map();
  const depthOf = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = (byId.get(id)?.dependsOn || []).filter(d => byId.has(d));
    const d = deps.length ? 1 + Math.max(...deps.map(x => depthOf(x, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  items.forEach(i => depthOf(i.id));
  const columns = [];
  items.forEach(i => (columns[depth.get(i.id)] ||= []).push(i));
  const pos = new Map();
  columns.forEach((col, c) => col.forEach((item, r) => pos.set(item.id, { x: PAD + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) })));
  const width = PAD * 2 + columns.length * W + (columns.length - 1) * GAP_X;
  const height = PAD * 2 + Math.max(...columns.map(c => c.length)) * (H + GAP_Y) - GAP_Y;

  const blocked = new Set();
  const mark = id => items.filter(i => (i.dependsOn || []).includes(id)).forEach(i => { if (!blocked.has(i.id)) { blocked.add(i.id); mark(i.id); } });
  const failed = items.filter(i => i.id === failedItemId || i.state === 'FAILED').map(i => i.id);
  failed.forEach(mark);

  const edges = items.flatMap(i => (i.dependsOn || []).filter(d => pos.has(d)).map(d => {
    const a = pos.get(d), b = pos.get(i.id);
    return s('path', { d: `M${a.x + W} ${a.y + H / 2} C${a.x + W + GAP_X / 2} ${a.y + H / 2}, ${b.x - GAP_X / 2} ${b.y + H / 2}, ${b.x - 4} ${b.y + H / 2}`,
      class: 'edge', 'marker-end': 'url(#arrow)' });
  }));
  const nodes = items.map(i => {
    const p = pos.get(i.id);
    const kind = failed.includes(i.id) ? 'failed' : blocked.has(i.id) ? 'blocked' : (i.state || '').toLowerCase() === 'completed' ? 'done' : 'other';
    return s('g', { class: `node ${kind}`, transform: `translate(${p.x} ${p.y})` },
      s('title', {}, `${i.id}: ${i.product || ''} ${i.action || ''} — ${i.state || 'unknown'}`),
      s('rect', { width: W, height: H, rx: 6 }),
      s('text', { x: 10, y: 20, class: 'node-title' }, truncate(i.product || i.id, 22)),
      s('text', { x: 10, y: 40, class: 'node-sub' }, truncate(`${i.id} · ${i.state || '?'}`, 26)));
  });
  return h('figure', { class: 'graph' },
    s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'graph-cap' },
      s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        s('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow' }))),
      edges, nodes),
    h('figcaption', { id: 'graph-cap', class: 'muted small' },
      `Order items and their dependencies (${items.length} items). Red: failed; amber: waiting on the failed item.`));
}

const truncate = (t, n) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
