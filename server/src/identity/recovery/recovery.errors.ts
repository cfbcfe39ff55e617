import { defineErrors } from '../../http/app-error.ts';

export const recoveryErrors = defineErrors({
  /** Wrong code, unknown identifier, no live challenge, or the per-account budget is spent: one answer for all. */
  CODE_INVALID: { status: 400, code: 'code_invalid' },
  /** The code died (lifetime over or 5 wrong entries): ask for a new one. */
  CODE_EXPIRED: { status: 400, code: 'code_expired' },
  SECOND_PROOF_REQUIRED: { status: 400, code: 'second_proof_required' },
  SECURITY_ANSWERS_REQUIRED: { status: 400, code: 'security_answers_required' },
  SECURITY_ANSWERS_INCORRECT: { status: 400, code: 'security_answers_incorrect' },
  RESEND_TOO_SOON: { status: 429, code: 'resend_too_soon' },
  SMS_LIMIT_REACHED: { status: 429, code: 'sms_limit_reached' },
  /** A second channel must be a verified channel of the other kind than the one already proven. */
  CHANNEL_NOT_ALLOWED: { status: 400, code: 'channel_not_allowed' },
  /** Too many forgot/unlock requests from this IP. */
  THROTTLED: { status: 429, code: 'rate_limited' },
});
