/**
 * What the API middleware needs from the session without importing React: the CSRF token of the signed-in
 * session, and what to do when a call answers 401 (the session ended: go to the sign-in page).
 */
let csrfToken: string | undefined;
let onUnauthenticated: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}
export function sessionEnded(): void {
  csrfToken = undefined;
  onUnauthenticated();
}
