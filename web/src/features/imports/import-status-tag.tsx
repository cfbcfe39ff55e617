import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from './import-api';

const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'default',
  queued: 'processing',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="import-status">
      {t(`imports.status.${status}`)}
    </Tag>
  );
}
