import { isApiError } from './client';

type Listener = () => void;

let listener: Listener | null = null;

/** The router registers how to get to /login; the query cache calls it when a session has ended. */
export function onSessionExpired(next: Listener): void {
  listener = next;
}

/** `unauthenticated` means "no session"; `invalid_credentials` (a wrong current password) is a form error. */
export function isSessionExpiredError(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && error.code !== 'invalid_credentials';
}

export function notifySessionExpired(): void {
  listener?.();
}
