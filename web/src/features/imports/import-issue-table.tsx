import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportRecordType } from './import-api';
import { fieldLabel } from './import-fields';

interface IssueTableProps {
  recordType: ImportRecordType;
  issues: ImportIssue[];
  loading?: boolean;
  pagination?: false | TablePaginationConfig;
  testId: string;
}

/** Row, field, problem (already in the user's language), the value as found in the file, and what became of it. */
export function ImportIssueTable({ recordType, issues, loading = false, pagination = false, testId }: IssueTableProps) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ImportIssue & { key: number }> = [
    { key: 'row', title: t('imports.issues.row'), dataIndex: 'row', width: 80, align: 'right' },
    {
      key: 'field',
      title: t('imports.issues.field'),
      width: 160,
      render: (_value, issue) => (issue.field ? fieldLabel(t, recordType, issue.field) : '—'),
    },
    { key: 'message', title: t('imports.issues.problem'), dataIndex: 'message' },
    {
      key: 'value',
      title: t('imports.issues.value'),
      width: 220,
      render: (_value, issue) =>
        issue.value ? (
          <Typography.Text code ellipsis style={{ maxWidth: 200 }}>
            {issue.value}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'outcome',
      title: t('imports.issues.outcome'),
      width: 110,
      render: (_value, issue) => (
        <Tag color={issue.outcome === 'error' ? 'error' : 'warning'}>{t(`imports.issues.${issue.outcome}`)}</Tag>
      ),
    },
  ];
  // One row can have several issues: the position in the list is the only stable key.
  const rows = issues.map((issue, index) => ({ ...issue, key: index }));
  return (
    <Table<ImportIssue & { key: number }>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      data-testid={testId}
    />
  );
}
