import { defineErrors } from '../../http/app-error.ts';

export const leadErrors = defineErrors({
  /** A converted lead is read-only, and converting it again is refused. */
  ALREADY_CONVERTED: { status: 409, code: 'crm.lead_converted' },
  /** "Unqualified" needs the reason; "converted" is reached only through the conversion. */
  UNQUALIFIED_REASON_REQUIRED: { status: 400, code: 'crm.lead_unqualified_reason_required' },
});
