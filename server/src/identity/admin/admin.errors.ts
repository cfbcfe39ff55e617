import { defineErrors } from '../../http/app-error.ts';

export const adminErrors = defineErrors({
  /** Admins use self-service for their own account; an admin action on oneself would skip its proofs. */
  SELF_ACTION: { status: 403, code: 'self_action_not_allowed' },
  /** The action does not apply to the member's current state (e.g. unlock a member who is not locked). */
  MEMBER_STATE: { status: 409, code: 'member_state_conflict' },
  PHONE_INVALID: { status: 400, code: 'phone_invalid' },
  APPROVAL_NOT_FOUND: { status: 404, code: 'approval_not_found' },
  /** The requester, or the owner the request is about, cannot approve it: that is what the second person is for. */
  APPROVAL_NOT_ALLOWED: { status: 403, code: 'approval_not_allowed' },
  APPROVAL_EXPIRED: { status: 409, code: 'approval_expired' },
  APPROVAL_DECIDED: { status: 409, code: 'approval_decided' },
  APPROVAL_PENDING: { status: 409, code: 'approval_pending' },
  /** Nobody else may approve (no other active owner, or owner or admin): a request would wait forever. */
  NO_SECOND_APPROVER: { status: 409, code: 'no_second_approver' },
  /** The member already has a two-step reset waiting for its cool-down: cancel that one first. */
  TWO_STEP_RESET_PENDING: { status: 409, code: 'two_step_reset_pending' },
});
