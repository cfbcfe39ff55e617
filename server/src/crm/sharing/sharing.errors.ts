import { defineErrors } from '../../http/app-error.ts';

export const sharingErrors = defineErrors({
  /** The caller sees the record (e.g. it is shared with him) but may not transfer it, so may not share it either. */
  SHARE_NOT_ALLOWED: { status: 403, code: 'crm.share_not_allowed' },
  /** A member id that is not an active member of the caller's organisation: one answer whatever the reason. */
  INVALID_MEMBER: { status: 400, code: 'crm.invalid_share_member' },
});
