import { defineErrors } from '../../http/app-error.ts';

export const apiTokenErrors = defineErrors({
  /** A scope the member's role does not carry (a viewer asking for crm:write): a token never exceeds its owner. */
  SCOPE_NOT_ALLOWED: { status: 403, code: 'api_token.scope_not_allowed' },
  /** More live tokens than MAX_LIVE_TOKENS_PER_USER. */
  LIMIT_REACHED: { status: 409, code: 'api_token.limit_reached' },
  /** The expiry is in the past, too close, or more than a year ahead. */
  EXPIRY_INVALID: { status: 400, code: 'api_token.expiry_invalid' },
});
