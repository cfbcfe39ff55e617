import { defineErrors } from '../../http/app-error.ts';

export const savedViewErrors = defineErrors({
  NAME_TAKEN: { status: 409, code: 'crm.view_name_taken' },
  TOO_MANY: { status: 409, code: 'crm.too_many_views' },
});
