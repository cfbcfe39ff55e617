import { defineErrors } from '../../http/app-error.ts';

/** Codes shared by the record modules (customers, contacts and those to come). */
export const recordErrors = defineErrors({
  /** Someone else saved the record after the caller loaded it. */
  STALE_VERSION: { status: 409, code: 'crm.stale_version' },
  BAD_CURSOR: { status: 400, code: 'crm.bad_cursor' },
});
