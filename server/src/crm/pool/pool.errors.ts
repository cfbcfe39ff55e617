import { defineErrors } from '../../http/app-error.ts';

export const poolErrors = defineErrors({
  /** The customer has an owner (someone claimed it first, or it never was in the pool). */
  ALREADY_CLAIMED: { status: 409, code: 'crm.already_claimed' },
  /** The caller used up the organisation's claims per 24 hours ({{limit}}). */
  CLAIM_LIMIT_REACHED: { status: 409, code: 'crm.claim_limit_reached' },
  /** The caller lost or released this customer less than {{days}} days ago. */
  RECLAIM_COOLDOWN: { status: 409, code: 'crm.reclaim_cooldown' },
  /** Releasing a customer that is already in the pool. */
  ALREADY_IN_POOL: { status: 409, code: 'crm.already_in_pool' },
});
