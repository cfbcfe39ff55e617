import { defineErrors } from '../../http/app-error.ts';

export const readQuotaErrors = defineErrors({
  /** The member (or the whole organisation) read more CRM records than the window allows; Retry-After says when. */
  ROWS_EXCEEDED: { status: 429, code: 'crm.read_quota_exceeded' },
  /** Too many searches and duplicate checks in the window (the search API as an enumeration oracle). */
  LOOKUPS_EXCEEDED: { status: 429, code: 'crm.lookup_quota_exceeded' },
  /** Too many exports in the window, by the member or by the organisation. */
  EXPORTS_EXCEEDED: { status: 429, code: 'crm.export_quota_exceeded' },
});
