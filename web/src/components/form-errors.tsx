import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client';
import { isApiError } from '../api/client';

/** The server's localized message in an Alert above a form's buttons. */
export function FormErrorAlert({ error }: { error: Error | null | undefined }) {
  if (!error) {
    return null;
  }
  const message = error.message;
  return <Alert type="error" showIcon title={message} role="alert" style={{ marginBottom: 16 }} />;
}

/**
 * Puts field-level problems from `details` onto the matching form fields.
 * `pathToField` maps a server path ("policy.lockout.maxFailures") to a form name path.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  pathToField: (path: string) => (string | number)[] | null = (path) => path.split('.'),
): void {
  if (!isApiError(error)) {
    return;
  }
  const fields = collectFieldErrors(error, pathToField);
  if (fields.length > 0) {
    form.setFields(fields);
  }
}

function collectFieldErrors(error: ApiError, pathToField: (path: string) => (string | number)[] | null) {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const detail of error.details) {
    if (!detail.path || !detail.message) {
      continue;
    }
    const name = pathToField(detail.path);
    if (!name) {
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    byField.set(key, entry);
  }
  return [...byField.values()];
}
