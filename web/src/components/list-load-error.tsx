import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/**
 * Why a list shows no rows when its request failed: the server's own message under a short title. A 429 (the
 * anti-exfiltration quota, or a rate limit) is a pause, not a fault, so it is a warning without "try again".
 */
export function ListLoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslation();
  const paused = isApiError(error) && error.status === 429;
  return (
    <Alert
      role="alert"
      data-testid="list-load-error"
      type={paused ? 'warning' : 'error'}
      showIcon
      style={{ margin: 16 }}
      title={paused ? t('common.listPaused') : t('common.listFailed')}
      description={error.message}
      action={
        !paused && onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
