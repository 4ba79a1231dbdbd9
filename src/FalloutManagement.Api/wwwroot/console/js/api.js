// The only way the console talks to the service: the public REST API with the signed-in person's bearer token.
import { token } from './auth.js';

/** An RFC 9457 problem the API answered with. */
export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.title = body?.title || `HTTP ${status}`;
    this.detail = body?.detail || '';
    this.errors = body?.errors || null;
  }
}

export function etagOf(res) {
  const tag = res.headers.get('ETag');
  return tag ? Number(tag.replace(/^W\//, '').replace(/"/g, '')) : null;
}

/**
 * Calls the API. `ifMatch` is the case version the person saw; every command that changes a case sends it.
 * Answers {data, etag, status}; throws Problem for any 4xx/5xx.
 */
export async function api(path, { method = 'GET', body, ifMatch, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!res.ok) {
    const problem = new Problem(res.status, typeof data === 'object' ? data : null);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('fallout:unauthorized'));
    throw problem;
  }
  return { data, etag: etagOf(res), status: res.status };
}

/** Fetches a binary body (evidence content) with the token and hands back an object URL. */
/** What may open in the browser as it is: plain images, PDF and plain text. */
const SHOWN_AS_IS = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)(;|$)/i;

/**
 * A blob: address for downloaded content. Evidence is whatever someone uploaded: HTML, SVG or scripts must never
 * render on the console's own origin, so anything but SHOWN_AS_IS is handed over as bytes to save.
 */
export async function blobUrl(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
  if (!res.ok) throw new Problem(res.status, await res.json().catch(() => null));
  const blob = await res.blob();
  return URL.createObjectURL(SHOWN_AS_IS.test(blob.type) ? blob : new Blob([blob], { type: 'application/octet-stream' }));
}
