import { Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTimeText } from '../../components/date-time-text';
import { useRecentImports, type ImportJob, type ImportRecordType } from './import-api';
import { importPath } from './import-button';
import { ImportStatusTag } from './import-status-tag';

const RECENT_COUNT = 5;

/** The last few imports of this record type (one's own; owners and admins see everyone's), each reopenable. */
export function RecentImports({ recordType }: { recordType: ImportRecordType }) {
  const { t } = useTranslation();
  const recent = useRecentImports(recordType);
  const rows = recent.data?.items.slice(0, RECENT_COUNT) ?? [];
  if (!recent.isPending && !recent.isError && rows.length === 0) {
    return null;
  }
  const columns: TableColumnsType<ImportJob> = [
    {
      key: 'file',
      title: t('imports.recent.file'),
      render: (_value, job) => <Link to={importPath(job.recordType, job.id)}>{job.fileName}</Link>,
    },
    {
      key: 'status',
      title: t('imports.recent.status'),
      render: (_value, job) => <ImportStatusTag status={job.status} />,
    },
    {
      key: 'rows',
      title: t('imports.recent.rows'),
      align: 'right',
      render: (_value, job) =>
        job.status === 'uploaded'
          ? job.totalRows.toLocaleString()
          : t('imports.recent.rowsProgress', {
              processed: job.processedRows.toLocaleString(),
              total: job.totalRows.toLocaleString(),
            }),
    },
    { key: 'by', title: t('imports.recent.by'), render: (_value, job) => job.createdBy.name },
    {
      key: 'createdAt',
      title: t('imports.recent.createdAt'),
      render: (_value, job) => <DateTimeText value={job.createdAt} />,
    },
  ];
  return (
    <Card title={t('imports.recent.title')} variant="borderless" styles={{ body: { padding: 0 } }}>
      {recent.isError ? (
        <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
          {recent.error.message}
        </Typography.Paragraph>
      ) : null}
      <Table<ImportJob>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={recent.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="recent-imports"
      />
    </Card>
  );
}
