import { isApiError } from '../../api/client';

/**
 * The CRM's error codes (`crm.possible_duplicate`, `crm.stale_version`…). The server may send them with or without
 * the `crm.` prefix; both mean the same.
 */
export function isCrmError(error: unknown, code: string): boolean {
  return isApiError(error) && (error.code === code || error.code === `crm.${code}`);
}

/** A record that is gone, in the trash or not visible to this user: the server answers one uniform 404. */
export function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.status === 404;
}
