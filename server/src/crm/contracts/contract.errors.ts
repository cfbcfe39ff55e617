import { defineErrors } from '../../http/app-error.ts';

export const contractErrors = defineErrors({
  /** Another live contract of the organisation has this number (the unique index decides, so two racing saves cannot both win). */
  DUPLICATE_NUMBER: { status: 409, code: 'crm.duplicate_number' },
  /** The payment would make the paid total exceed the contract amount. */
  PAYMENT_EXCEEDS_BALANCE: { status: 409, code: 'crm.payment_exceeds_balance' },
  /** A contract takes a bounded number of payments (its payment list is one page). */
  TOO_MANY_PAYMENTS: { status: 409, code: 'crm.too_many_payments' },
  /** A contract's amount may not drop below what has already been received. */
  AMOUNT_BELOW_PAID: { status: 409, code: 'crm.amount_below_paid' },
  /** Payments are recorded in the contract's currency; once there are some, it stays. */
  CURRENCY_LOCKED: { status: 409, code: 'crm.currency_locked' },
  /** More decimals than the currency has (yen: none). */
  AMOUNT_PRECISION: { status: 400, code: 'crm.amount_precision' },
  DATES_OUT_OF_ORDER: { status: 400, code: 'crm.dates_out_of_order' },
  /** The deal (visible to the caller) belongs to another customer than the contract. */
  DEAL_OF_OTHER_CUSTOMER: { status: 400, code: 'crm.deal_of_other_customer' },
  /** Sales make contracts their own; managers for their team; owners and admins for anyone. */
  OWNER_NOT_ALLOWED: { status: 403, code: 'crm.contract_owner_not_allowed' },
  /** Money was received against it: only roles that act on everyone's records (crm.writeAll) may trash it. */
  HAS_PAYMENTS: { status: 403, code: 'crm.contract_has_payments' },
  /** The contract went to the trash with its customer and comes back only with it. */
  CUSTOMER_IN_TRASH: { status: 409, code: 'crm.customer_in_trash' },
  /** Finance read access is for members who can still sign in. */
  READER_INACTIVE: { status: 409, code: 'crm.reader_inactive' },
});
