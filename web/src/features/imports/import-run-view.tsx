import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Progress, Result, Row, Statistic, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiDownload } from '../../api/client';
import { LoadMore } from '../../components/load-more';
import { saveFile } from '../crm/export-menu';
import {
  importApi,
  importKeys,
  isImportActive,
  refreshImportedRecords,
  useImportIssues,
  type ImportJob,
} from './import-api';
import { IMPORT_LIST_PATHS } from './import-button';
import { ImportIssueTable } from './import-issue-table';

function percentOf(job: ImportJob): number {
  return job.totalRows === 0 ? 0 : Math.min(100, Math.floor((job.processedRows / job.totalRows) * 100));
}

/** Step 4 while it runs: the progress bar (the page polls the import every second) and "Cancel". */
function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => importApi.cancel(job.id),
    onSuccess: (result) => queryClient.setQueryData(importKeys.detail(job.id), result.import),
    onError: (error) => void message.error(error.message),
  });
  return (
    <Card variant="borderless" title={t(`imports.run.title.${job.status}`)} data-testid="import-progress">
      <Flex vertical gap={12}>
        <Progress percent={percentOf(job)} status="active" aria-label={t('imports.run.progressLabel')} />
        <Typography.Text data-testid="import-progress-text">
          {t('imports.run.processed', {
            processed: job.processedRows.toLocaleString(),
            total: job.totalRows.toLocaleString(),
          })}
        </Typography.Text>
        <Typography.Text type="secondary">{t('imports.run.leaveHint')}</Typography.Text>
        <Flex justify="flex-end">
          <Popconfirm
            title={t('imports.run.cancelConfirm')}
            okText={t('imports.run.cancelYes')}
            cancelText={t('imports.run.cancelNo')}
            onConfirm={() => cancel.mutate()}
          >
            <Button danger icon={<StopOutlined />} loading={cancel.isPending} data-testid="import-cancel">
              {t('imports.run.cancel')}
            </Button>
          </Popconfirm>
        </Flex>
      </Flex>
    </Card>
  );
}

const RESULT_STATUS = { completed: 'success', failed: 'error', cancelled: 'warning' } as const;

/** Step 4 once finished: what happened to the rows, the issues page by page, the report download and the way back. */
function ImportOutcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const issues = useImportIssues(job.id, true);
  const [downloading, setDownloading] = useState(false);
  const rows = useMemo(() => issues.data?.pages.flatMap((page) => page.items) ?? [], [issues.data]);
  const status = job.status === 'completed' || job.status === 'failed' ? job.status : 'cancelled';
  const listPath = IMPORT_LIST_PATHS[job.recordType];

  const downloadReport = async () => {
    setDownloading(true);
    try {
      const file = await apiDownload(importApi.reportPath(job.id), undefined, `import-${job.id}.csv`);
      saveFile(file.blob, file.fileName);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setDownloading(false);
    }
  };

  const counts = [
    { key: 'created', value: job.createdCount },
    { key: 'updated', value: job.updatedCount },
    { key: 'skipped', value: job.skippedCount },
    { key: 'errors', value: job.errorCount },
  ];
  const hasIssues = rows.length > 0 || job.errorCount + job.skippedCount > 0;

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" data-testid="import-result">
        <Result
          status={RESULT_STATUS[status]}
          title={t(`imports.result.title.${status}`)}
          subTitle={t('imports.result.subTitle', {
            processed: job.processedRows.toLocaleString(),
            total: job.totalRows.toLocaleString(),
            file: job.fileName,
          })}
          style={{ padding: '16px 0' }}
          extra={[
            <Link key="list" to={listPath}>
              <Button type="primary">{t(`imports.backToList.${job.recordType}`)}</Button>
            </Link>,
            <Link key="again" to={`${listPath}/import`}>
              <Button>{t('imports.result.another')}</Button>
            </Link>,
          ]}
        />
        {job.failureReason ? (
          <Alert
            type="error"
            showIcon
            title={t(`imports.failure.${job.failureReason}`, { defaultValue: job.failureReason })}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Row gutter={[16, 16]}>
          {counts.map((count) => (
            <Col key={count.key} xs={12} md={6}>
              <Statistic
                title={t(`imports.result.${count.key}`)}
                value={count.value}
                data-testid={`import-result-${count.key}`}
              />
            </Col>
          ))}
        </Row>
      </Card>
      {hasIssues ? (
        <Card
          title={t('imports.result.issuesTitle')}
          variant="borderless"
          styles={{ body: { padding: 0 } }}
          extra={
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={() => void downloadReport()}
              data-testid="import-report"
            >
              {t('imports.result.downloadReport')}
            </Button>
          }
        >
          {issues.isError ? (
            <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
              {issues.error.message}
            </Typography.Paragraph>
          ) : null}
          <ImportIssueTable
            recordType={job.recordType}
            issues={rows}
            loading={issues.isPending}
            testId="import-result-issues"
          />
          <LoadMore pages={issues} label={t('imports.result.moreIssues')} style={{ padding: 12 }} />
        </Card>
      ) : null}
    </Flex>
  );
}

/** Progress while queued or running, the outcome afterwards; the lists are refreshed once it has finished. */
export function ImportRunView({ job }: { job: ImportJob }) {
  const queryClient = useQueryClient();
  const active = isImportActive(job.status);
  useEffect(() => {
    if (!active) {
      void refreshImportedRecords(queryClient);
    }
  }, [active, queryClient]);
  return active ? <ImportProgress job={job} /> : <ImportOutcome job={job} />;
}
