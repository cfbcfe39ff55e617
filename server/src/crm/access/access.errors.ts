import { defineErrors } from '../../http/app-error.ts';

export const accessErrors = defineErrors({
  /** A record the caller may not see answers exactly like an id that does not exist (never 403: no probing). */
  NOT_FOUND: { status: 404, code: 'crm.not_found' },
  /** Function-level: the role never writes (viewers); decided before any record is looked up. */
  READ_ONLY: { status: 403, code: 'crm.read_only' },
});
