import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { retryMinutesOf } from './recovery-api';

/** A failed recovery request: after too many requests, how long to wait; otherwise the server's message. */
export function RequestErrorAlert({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const minutes = retryMinutesOf(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={minutes === null ? error.message : t('forgot.tooManyRequests', { count: minutes })}
      style={{ marginBottom: 16 }}
    />
  );
}
