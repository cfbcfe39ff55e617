import { defineErrors } from '../../http/app-error.ts';

export const exportErrors = defineErrors({
  /** More rows match than one export may hold (EXPORT_MAX_ROWS); the message names the limit. */
  TOO_LARGE: { status: 400, code: 'crm.export_too_large' },
});
