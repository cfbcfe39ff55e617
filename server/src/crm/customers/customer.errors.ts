import { defineErrors } from '../../http/app-error.ts';

export const customerErrors = defineErrors({
  POSSIBLE_DUPLICATE: { status: 409, code: 'crm.possible_duplicate' },
  /** The caller may not give a new customer this owner (sales: only themselves; managers: their team). */
  OWNER_NOT_ALLOWED: { status: 403, code: 'crm.owner_not_allowed' },
  /** The new owner is not an active member of the organisation who can work on customers. */
  INVALID_NEW_OWNER: { status: 400, code: 'crm.invalid_new_owner' },
});
