import { defineErrors } from '../../http/app-error.ts';

export const taskErrors = defineErrors({
  /** Sales assign tasks only to themselves; managers within their team (crm.writeAll with a team scope). */
  ASSIGNEE_NOT_ALLOWED: { status: 403, code: 'crm.assignee_not_allowed' },
  /** The assignee is not an active member of the organisation who works on the CRM. */
  INVALID_ASSIGNEE: { status: 400, code: 'crm.invalid_assignee' },
});
