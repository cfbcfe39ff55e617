import type { FormInstance } from 'antd';
import { isApiError, type ApiError } from '../../api/client';
import type { PasswordProblem } from '../../api/types';

/** A `password_rejected` error: its reasons are shown under the password field, so no banner is needed. */
export function isPasswordRejection(error: unknown): error is ApiError {
  return isApiError(error) && error.code === 'password_rejected';
}

/**
 * A `password_rejected` error lists policy problems as details [{code, message, params}];
 * they belong under the new-password field rather than in the banner. The server's `message` is already
 * translated; the code is the fallback.
 */
export function showPasswordRejection(
  form: FormInstance,
  error: unknown,
  fieldName: string,
  problemText: (problem: PasswordProblem) => string,
): boolean {
  if (!isPasswordRejection(error)) {
    return false;
  }
  const problems = error.details.flatMap((detail) => {
    if (typeof detail.message === 'string' && detail.message !== '') {
      return [detail.message];
    }
    return typeof detail.code === 'string'
      ? [problemText({ code: detail.code, ...(detail.params ? { params: detail.params } : {}) })]
      : [];
  });
  form.setFields([{ name: fieldName, errors: problems.length > 0 ? problems : [error.message] }]);
  return true;
}
