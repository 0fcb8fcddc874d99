import { problemFrom } from './problem';
import { currentCsrfToken, sessionEnded } from './session-events';

/** The roles that sign in to the console (libs/auth staffRole without channel_adapter). */
export type ConsoleRole =
  | 'county_officer'
  | 'township_caseworker'
  | 'village_coordinator'
  | 'provider_staff'
  | 'department_staff'
  | 'hotline_operator';

/** The signed-in account as the BFF describes it (console-shape.md). */
export interface Account {
  username: string;
  displayName: string;
  role: ConsoleRole;
  region: string;
  jurisdiction: string;
  jurisdictionName?: string;
  providerId?: string;
  departmentCode?: string;
  totpEnabled?: boolean;
  mustChangePassword?: boolean;
}

export interface Session {
  account: Account;
  csrfToken: string;
  mustChangePassword?: boolean;
}

/**
 * A call to the BFF's own API (`/console/…`). `expectSession`: a 401 means the session ended (go to sign-in);
 * the sign-in call itself answers 401 for a wrong password, which is not that.
 */
export async function consoleCall<T>(
  path: string,
  init: { method?: string; body?: unknown; expectSession?: boolean } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = currentCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (!response.ok) {
    const error = await problemFrom(response);
    // A wrong password (here or when changing it) is a 401 too, but the session lives on.
    if (response.status === 401 && init.expectSession !== false && error.code === 'unauthenticated') sessionEnded();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The current session, or null when nobody is signed in. */
export async function fetchSession(): Promise<Session | null> {
  const response = await fetch('/console/session', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (response.status === 401) return null;
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as Session;
}

export const signIn = (body: { username: string; password: string; totp?: string }) =>
  consoleCall<Session>('/console/session', { method: 'POST', body, expectSession: false });

export const signOut = () => consoleCall<void>('/console/session', { method: 'DELETE', expectSession: false });

export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  consoleCall<{ account: Account }>('/console/session/password', { method: 'POST', body });
