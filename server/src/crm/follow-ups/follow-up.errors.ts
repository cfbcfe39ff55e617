import { defineErrors } from '../../http/app-error.ts';

export const followUpErrors = defineErrors({
  /** A follow-up records what happened: it cannot be dated more than a few minutes ahead (clock skew). */
  OCCURRED_IN_FUTURE: { status: 400, code: 'crm.follow_up_in_future' },
  /** The next follow-up must come after the one being recorded. */
  NEXT_BEFORE_OCCURRED: { status: 400, code: 'crm.next_follow_up_too_early' },
  /** Content sniffing found a type outside the allow-list (or text that is not UTF-8). */
  ATTACHMENT_TYPE_NOT_ALLOWED: { status: 415, code: 'crm.attachment_type_not_allowed' },
  ATTACHMENT_TOO_LARGE: { status: 413, code: 'crm.attachment_too_large' },
  TOO_MANY_ATTACHMENTS: { status: 409, code: 'crm.too_many_attachments' },
  /** The upload was not one non-empty file in a multipart/form-data body (no file, an empty one, extra parts). */
  ATTACHMENT_UPLOAD_INVALID: { status: 400, code: 'crm.attachment_upload_invalid' },
});
