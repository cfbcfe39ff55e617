import { defineErrors } from '../../http/app-error.ts';

export const channelErrors = defineErrors({
  /** Someone else's (or already this account's) address. Deliberately vague: it must not confirm who uses it. */
  ADDRESS_TAKEN: { status: 409, code: 'address_taken' },
  /** Removing this channel would leave no verified way back into the account. */
  LAST_WAY_BACK: { status: 409, code: 'last_way_back' },
  /** One backup e-mail and one backup phone per account: remove the current one first. */
  CHANNEL_EXISTS: { status: 409, code: 'channel_exists' },
  /** The primary e-mail is the sign-in identifier: it can be changed, not removed. */
  CHANNEL_NOT_REMOVABLE: { status: 409, code: 'channel_not_removable' },
  ALREADY_VERIFIED: { status: 409, code: 'already_verified' },
  PHONE_INVALID: { status: 400, code: 'phone_invalid' },
  PHONE_NOT_MOBILE: { status: 400, code: 'phone_not_mobile' },
  /** More verification codes than allowed per hour for this account. */
  CODE_LIMIT_REACHED: { status: 429, code: 'rate_limited' },
  SECURITY_ANSWER_TOO_SHORT: { status: 400, code: 'security_answer_too_short' },
  SECURITY_QUESTIONS_DUPLICATE: { status: 400, code: 'security_questions_duplicate' },
});
