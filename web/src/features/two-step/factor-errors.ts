import type { FormInstance } from 'antd';
import { isApiError, type ApiError } from '../../api/client';
import { isStepUpCancelled } from '../step-up/step-up-context';

function isCodeInvalid(error: unknown): error is ApiError {
  return isApiError(error) && error.code === 'mfa_code_invalid';
}

/** The error for the alert above a step's buttons: a cancelled "confirm it's you" is the user's choice. */
export function shownError(error: Error | null): Error | null {
  return error && !isStepUpCancelled(error) ? error : null;
}

/** Like shownError, and a wrong code is shown on the code field instead. */
export function shownConfirmError(error: Error | null): Error | null {
  return isCodeInvalid(error) ? null : shownError(error);
}

/** A wrong code empties the code field and says why under it (the server's message unless `text` is given). */
export function markCodeInvalid(form: FormInstance<{ code: string }>, error: unknown, text?: string): void {
  if (isCodeInvalid(error)) {
    form.setFields([{ name: 'code', value: '', errors: [text ?? error.message] }]);
  }
}
