import { raise } from '../../http/app-error.ts';
import { loginErrors } from '../login/login.errors.ts';
import type { PasswordProblem } from './password-policy.ts';

/** 400 password_rejected, with one translated detail per reason so the form can list them. */
export function rejectPassword(problems: PasswordProblem[], path = 'password'): never {
  raise(
    loginErrors.PASSWORD_REJECTED,
    {},
    {},
    problems.map((problem) => ({ path, code: problem.code, messageKey: `errors.password_problem.${problem.code}`, ...(problem.params ? { params: problem.params } : {}) })),
  );
}
