/**
 * The few calls the web chat makes besides turns: the demo sign-in routes of a development gateway,
 * and the reading of the gateway's answers (JSON bodies, `{ "error": { "code", "message" } }`).
 */

/**
 * @typedef {{ tenantId: string, tenantName?: string, userId: string, name: string, role: string }} DemoUser
 */

/**
 * The demo users offered by the development issuer; none when the gateway has no demo sign-in
 * (production), where pasting a token is the way in.
 * @returns {Promise<DemoUser[]>}
 */
export async function fetchDemoUsers() {
  try {
    const response = await fetch('dev/users', { headers: { accept: 'application/json' } });
    if (!response.ok) return [];
    const body = await response.json();
    return Array.isArray(body?.users) ? body.users : [];
  } catch {
    return [];
  }
}

/** A development token for a demo user. @param {string} tenantId @param {string} userId */
export async function mintDemoToken(tenantId, userId) {
  const response = await fetch('dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ tenantId, userId }),
  });
  const body = await readJson(response);
  if (!response.ok || typeof body?.token !== 'string' || body.token === '')
    throw new Error(errorText(response, body));
  return body.token;
}

/** The payload of a JWT, for display and expiry only (the gateway verifies it). */
export function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => part === '')) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** @param {Response} response */
export async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The gateway's error body as one line: `message (code)`. @param {Response} response */
export function errorText(response, body) {
  const error = body?.error;
  if (error && typeof error.message === 'string') {
    const retry = response.headers.get('retry-after');
    const suffix = retry ? `; retry in ${retry} s` : '';
    return `${error.message} (${error.code ?? response.status}${suffix})`;
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

/** What went wrong, for a person. */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
