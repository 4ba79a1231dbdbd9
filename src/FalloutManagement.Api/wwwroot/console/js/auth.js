// Sign-in. Production: OpenID Connect authorization code + PKCE against Console:Authority. Development: a user picker
// that asks /dev/tokens. The access token lives in this tab's sessionStorage only: never in a URL, never logged.

const TOKEN = 'fallout.console.token';
const PROFILE = 'fallout.console.profile';
const PKCE = 'fallout.console.pkce';

let config = { devTokens: false, scopes: 'openid profile' };

export async function loadConfig() {
  const res = await fetch('config.json', { headers: { Accept: 'application/json' } });
  if (res.ok) config = await res.json();
  return config;
}

export function currentConfig() { return config; }

export function token() { return sessionStorage.getItem(TOKEN); }

/** The token's claims, for display and navigation only; the API decides every action. */
export function claims() {
  const t = token();
  if (!t) return null;
  try {
    const payload = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent([...atob(payload)].map(c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const c = JSON.parse(json);
    const list = v => (Array.isArray(v) ? v : v ? [v] : []);
    return { sub: c.sub, roles: list(c.role), queues: list(c.queues), amr: list(c.amr), exp: c.exp };
  } catch {
    return null;
  }
}

export function hasRole(...roles) { return roles.some(r => claims()?.roles.includes(r)); }

export function hasMfa() { return !!claims()?.amr.includes('mfa'); }

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(PROFILE);
}

/** Development: mint a token for a chosen person. */
export async function devSignIn(profile) {
  const res = await fetch('/dev/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ sub: profile.sub, roles: profile.roles, queues: profile.queues, mfa: !!profile.mfa }),
  });
  const body = await res.json();
  if (!res.ok) {
    // Name the fields the service refused (an unknown role, a missing sub), not only "one or more fields are invalid".
    const fields = body.errors ? Object.entries(body.errors).map(([f, m]) => `${f}: ${[].concat(m).join(' ')}`).join(' ') : '';
    throw Object.assign(new Error([body.detail || 'Sign-in failed', fields].filter(Boolean).join(' ')), { problem: body });
  }
  sessionStorage.setItem(TOKEN, body.accessToken);
  sessionStorage.setItem(PROFILE, JSON.stringify(profile));
  window.dispatchEvent(new Event('fallout:session'));
}

/** Sign in again with multi-factor authentication, as the same person. */
export async function stepUp() {
  if (config.devTokens) {
    const profile = JSON.parse(sessionStorage.getItem(PROFILE) || 'null');
    const c = claims();
    await devSignIn({ ...(profile || { sub: c.sub, roles: c.roles, queues: c.queues }), mfa: true });
    return true;
  }
  await beginOidcSignIn(true);
  return false;
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() { return base64Url(crypto.getRandomValues(new Uint8Array(32))); }

async function discovery() {
  const res = await fetch(`${config.authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`The sign-in authority answered ${res.status}`);
  return res.json();
}

function redirectUri() { return `${location.origin}/console/`; }

/** Sends the browser to the authority; it comes back to /console/?code=…&state=… */
export async function beginOidcSignIn(stepUpMfa = false) {
  const meta = await discovery();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (stepUpMfa) {
    params.set('prompt', 'login');
    params.set('max_age', '0');
    if (config.stepUpAcrValues) params.set('acr_values', config.stepUpAcrValues);
  }
  location.assign(`${meta.authorization_endpoint}?${params}`);
}

/** Finishes a sign-in redirect, if this page load is one; the code leaves the address bar at once. */
export async function completeOidcSignIn() {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', `/console/${pending?.returnTo || ''}`);
  if (query.has('error')) throw new Error(`Sign-in failed: ${query.get('error_description') || query.get('error')}`);
  if (!pending || pending.state !== query.get('state')) throw new Error('Sign-in failed: the answer does not match this browser tab.');
  const meta = await discovery();
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await res.json();
  if (!res.ok || !body.access_token) throw new Error(`Sign-in failed: ${body.error_description || body.error || res.status}`);
  sessionStorage.setItem(TOKEN, body.access_token);
  return true;
}
