import { CaretRightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isCrmError } from '../crm/crm-errors';
import { importApi, importKeys, type ImportJob, type ImportPlan } from './import-api';
import { ImportIssueTable } from './import-issue-table';

interface CheckStepProps {
  job: ImportJob;
  plan: ImportPlan;
  onBack: () => void;
}

/**
 * Step 3: a dry run of the whole file with this mapping and duplicate choice (the server writes nothing), its counts and
 * first issues; "Start import" queues the real run.
 */
export function ImportCheckStep({ job, plan, onBack }: CheckStepProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const check = useQuery({
    queryKey: [...importKeys.detail(job.id), 'check', plan],
    queryFn: () => importApi.check(job.id, plan),
    retry: false,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const start = useMutation({
    mutationFn: () => importApi.start(job.id, plan),
    onSuccess: (result) => queryClient.setQueryData(importKeys.detail(job.id), result.import),
    onError: (error) => {
      void message.error(error.message);
      if (isCrmError(error, 'import_already_started')) {
        void queryClient.invalidateQueries({ queryKey: importKeys.detail(job.id) });
      }
    },
  });

  const result = check.data;
  const nothingToImport = result !== undefined && result.valid === 0;
  const stats = result
    ? [
        { key: 'rows', value: result.rows, color: undefined },
        { key: 'valid', value: result.valid, color: '#389e0d' },
        { key: 'invalid', value: result.invalid, color: result.invalid > 0 ? '#cf1322' : undefined },
        { key: 'duplicates', value: result.duplicates, color: result.duplicates > 0 ? '#d48806' : undefined },
      ]
    : [];

  return (
    <Flex vertical gap={16}>
      <Card title={t('imports.check.title')} variant="borderless" loading={check.isPending} data-testid="import-check">
        {check.isError ? (
          <Alert type="error" showIcon title={check.error.message} role="alert" />
        ) : result ? (
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              {stats.map((stat) => (
                <Col key={stat.key} xs={12} md={6}>
                  <Statistic
                    title={t(`imports.check.${stat.key}`)}
                    value={stat.value}
                    styles={stat.color ? { content: { color: stat.color } } : {}}
                    data-testid={`import-check-${stat.key}`}
                  />
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t(`imports.check.summary.${plan.duplicateMode}`, {
                valid: result.valid,
                invalid: result.invalid,
                duplicates: result.duplicates,
              })}
            </Typography.Paragraph>
          </Flex>
        ) : null}
      </Card>
      {result && result.issues.length > 0 ? (
        <Card
          title={t('imports.check.issuesTitle', { count: result.issues.length })}
          variant="borderless"
          styles={{ body: { padding: 0 } }}
        >
          <ImportIssueTable
            recordType={job.recordType}
            issues={result.issues}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            testId="import-check-issues"
          />
          {result.invalid + result.duplicates > result.issues.length ? (
            <Typography.Paragraph type="secondary" style={{ padding: '0 16px 12px', marginBottom: 0 }}>
              {t('imports.check.moreIssues')}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      {nothingToImport ? <Alert type="warning" showIcon title={t('imports.check.nothingToImport')} /> : null}
      <Flex justify="space-between" gap={8} wrap>
        <Button onClick={onBack} data-testid="import-back-to-map">
          {t('imports.check.back')}
        </Button>
        <Flex gap={8}>
          <Button onClick={() => void check.refetch()} loading={check.isFetching && !check.isPending}>
            {t('imports.check.again')}
          </Button>
          <Button
            type="primary"
            icon={<CaretRightOutlined />}
            disabled={!result || nothingToImport}
            loading={start.isPending}
            onClick={() => start.mutate()}
            data-testid="import-start"
          >
            {t('imports.check.start')}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
