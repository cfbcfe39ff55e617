import { defineErrors } from '../../http/app-error.ts';

export const mfaErrors = defineErrors({
  /** Wrong TOTP or recovery code (the challenge and account counters move). */
  CODE_INVALID: { status: 401, code: 'mfa_code_invalid' },
  /** Unknown, expired, used, voided or bound to another network/browser: one answer, "start signing in again". */
  CHALLENGE_INVALID: { status: 401, code: 'mfa_challenge_invalid' },
  /** A wrong code while confirming a new device or stepping up (the session stays valid, hence not 401). */
  CONFIRM_CODE_INVALID: { status: 400, code: 'mfa_code_invalid' },
  STEP_UP_CODE_INVALID: { status: 403, code: 'mfa_code_invalid' },
  THROTTLED: { status: 429, code: 'mfa_throttled' },
  METHOD_UNAVAILABLE: { status: 400, code: 'mfa_method_unavailable' },
  SECOND_FACTOR_REQUIRED: { status: 403, code: 'second_factor_required' },
  ENROLLMENT_REQUIRED: { status: 403, code: 'mfa_enrollment_required' },
  LAST_FACTOR_REQUIRED: { status: 409, code: 'last_factor_required' },
  FACTOR_NOT_FOUND: { status: 404, code: 'not_found' },
  ALREADY_CONFIRMED: { status: 409, code: 'mfa_factor_already_confirmed' },
  NAME_TAKEN: { status: 409, code: 'mfa_factor_name_taken' },
  /** A registration response that does not verify (wrong challenge, origin, RP ID, no user verification…). */
  PASSKEY_INVALID: { status: 400, code: 'passkey_invalid' },
  PASSKEY_EXISTS: { status: 409, code: 'passkey_exists' },
  /** Every failure of a password-less sign-in: unknown credential, bad signature, no UV, stale ceremony (MF-13). */
  PASSKEY_SIGN_IN_FAILED: { status: 401, code: 'passkey_sign_in_failed' },
  /** SMS codes as a factor: the policy does not allow them, or the role never may (owners, admins). */
  SMS_NOT_ALLOWED: { status: 403, code: 'sms_factor_not_allowed' },
  /** The number is not one of the user's verified mobiles (any more). */
  SMS_NUMBER_UNVERIFIED: { status: 400, code: 'sms_number_unverified' },
  SMS_FACTOR_EXISTS: { status: 409, code: 'sms_factor_exists' },
  /** A session from a reset that replaced a lost factor may add factors (delayed) but not remove existing ones. */
  LOST_FACTOR_SESSION: { status: 403, code: 'lost_factor_session' },
});
