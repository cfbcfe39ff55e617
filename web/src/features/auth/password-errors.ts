import type { FormInstance } from 'antd';
import { isApiError } from '../../api/client';
import type { PasswordProblem } from '../../api/types';

/**
 * A `password_rejected` error lists policy problems as details [{code, params}];
 * they belong under the new-password field rather than in the banner.
 */
export function showPasswordRejection(
  form: FormInstance,
  error: unknown,
  fieldName: string,
  problemText: (problem: PasswordProblem) => string,
): boolean {
  if (!isApiError(error) || error.code !== 'password_rejected') {
    return false;
  }
  const problems = error.details.flatMap((detail) =>
    typeof detail.code === 'string'
      ? [problemText({ code: detail.code, ...(detail.params ? { params: detail.params } : {}) })]
      : [],
  );
  form.setFields([{ name: fieldName, errors: problems.length > 0 ? problems : [error.message] }]);
  return true;
}
