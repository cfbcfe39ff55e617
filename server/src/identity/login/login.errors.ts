import { defineErrors } from '../../http/app-error.ts';

export const loginErrors = defineErrors({
  /** One answer for unknown identifier, wrong password, locked or inactive account. */
  INVALID_CREDENTIALS: { status: 401, code: 'invalid_credentials' },
  THROTTLED: { status: 429, code: 'rate_limited' },
  CURRENT_PASSWORD_INCORRECT: { status: 403, code: 'current_password_incorrect' },
  /** No current password, and no fresh user-verified passkey proof in this session to stand in for it (MF-12). */
  CURRENT_PASSWORD_REQUIRED: { status: 400, code: 'current_password_required' },
  PASSWORD_REJECTED: { status: 400, code: 'password_rejected' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, code: 'password_change_required' },
});
