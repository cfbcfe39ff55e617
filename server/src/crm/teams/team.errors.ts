import { defineErrors } from '../../http/app-error.ts';

export const teamErrors = defineErrors({
  TEAM_NAME_TAKEN: { status: 409, code: 'crm.team_name_taken' },
});
