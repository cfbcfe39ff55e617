import { defineErrors } from '../../http/app-error.ts';

export const dealErrors = defineErrors({
  /** A deal only enters a lost stage with the reason it was lost (what the win/loss report is made of). */
  LOST_REASON_REQUIRED: { status: 400, code: 'crm.lost_reason_required' },
  /** The stage is not one of the organisation's live stages (unknown, archived, malformed or another organisation's). */
  INVALID_STAGE: { status: 400, code: 'crm.invalid_stage' },
  /** Sales make deals their own; managers for their team; owners and admins for anyone who works on customers. */
  OWNER_NOT_ALLOWED: { status: 403, code: 'crm.deal_owner_not_allowed' },
  /** More decimals than the currency has (yen: none). */
  AMOUNT_PRECISION: { status: 400, code: 'crm.amount_precision' },
  /** The deal went to the trash with its customer and comes back only with it. */
  CUSTOMER_IN_TRASH: { status: 409, code: 'crm.deal_customer_in_trash' },
});

export const pipelineErrors = defineErrors({
  /** At most 20 stages, won and lost included. */
  TOO_MANY_STAGES: { status: 400, code: 'crm.too_many_stages' },
  /** A stage the organisation added has no default name to fall back on. */
  STAGE_NAME_REQUIRED: { status: 400, code: 'crm.stage_name_required' },
  /** The stage to archive still holds live deals and the request names no stage to move them to. */
  STAGE_IN_USE: { status: 409, code: 'crm.stage_in_use' },
  /** Deals of an archived stage move to an open stage that stays in the pipeline. */
  INVALID_MOVE_TARGET: { status: 400, code: 'crm.invalid_move_target' },
});
