import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import type { ImportJob } from './import-api';

/** Who uploaded the file and when; when it started and finished, once it has. */
export function ImportTrace({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const parts = [t('imports.trace.uploaded', { name: job.createdBy.name, at: formatDateTime(job.createdAt) })];
  if (job.startedAt) {
    parts.push(t('imports.trace.started', { at: formatDateTime(job.startedAt) }));
  }
  if (job.finishedAt) {
    parts.push(t('imports.trace.finished', { at: formatDateTime(job.finishedAt) }));
  }
  return <Typography.Text type="secondary">{parts.join(' · ')}</Typography.Text>;
}
