import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Segmented, Skeleton, Statistic, Tag, Typography, theme } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { browserTimeZone } from '../../api/time-zone';
import { PageHeading } from '../../components/page-section';
import { normalizeLanguage } from '../../i18n/language';
import { formatMinutes, formatShare } from './report-format';
import type { RecoveryReport, ReportPeriod } from './recovery-report-types';

// ECharts is loaded with the charts only, so the rest of the app does not carry it.
const RecoveryReportCharts = lazy(() =>
  import('./recovery-report-charts').then((module) => ({ default: module.RecoveryReportCharts })),
);

const periods: ReportPeriod[] = [30, 90];

export function useRecoveryReport(days: ReportPeriod) {
  return useQuery({
    queryKey: ['recovery-report', days],
    // The server cuts days at the viewer's midnight in their time zone, so the per-day bars match their calendar.
    queryFn: () => api.get<RecoveryReport>('/admin/recovery-report', { days, tz: browserTimeZone() }),
    staleTime: 60_000,
  });
}

function isOnTarget(report: RecoveryReport): boolean {
  return (
    report.selfServiceShare !== null &&
    report.selfServiceShare >= report.targets.selfServiceShare &&
    report.medianMinutes !== null &&
    report.medianMinutes <= report.targets.medianMinutes
  );
}

/** The goal in one line, with the self-service share drawn against its target. */
function Headline({ report }: { report: RecoveryReport }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const language = normalizeLanguage(i18n.resolvedLanguage);
  const share = report.selfServiceShare ?? 0;
  const onTarget = isOnTarget(report);
  const targetShare = formatShare(language, report.targets.selfServiceShare);
  const hasData = report.total > 0;

  return (
    <Card variant="borderless" styles={{ body: { padding: '24px 28px' } }}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="recovery-headline">
          {hasData
            ? t('recoveryReport.headline', {
                share: formatShare(language, report.selfServiceShare),
                median: formatMinutes(t, language, report.medianMinutes),
              })
            : t('recoveryReport.headlineEmpty', { days: report.days })}
        </Typography.Title>
        {hasData ? (
          <Tag
            color={onTarget ? 'success' : 'warning'}
            style={{ marginInlineEnd: 0, fontSize: 13, padding: '2px 10px' }}
          >
            {t(onTarget ? 'recoveryReport.onTarget' : 'recoveryReport.belowTarget')}
          </Tag>
        ) : null}
      </Flex>
      <div
        style={{ position: 'relative', height: 42, marginTop: 18 }}
        role="meter"
        aria-label={t('recoveryReport.kpi.selfServiceShare')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div
          style={{
            position: 'absolute',
            top: 8,
            left: 0,
            right: 0,
            height: 10,
            borderRadius: 5,
            background: token.colorFillSecondary,
          }}
        />
        <div
          style={{
            position: 'absolute',
            top: 8,
            left: 0,
            width: `${share * 100}%`,
            height: 10,
            borderRadius: 5,
            background: onTarget ? token.colorSuccess : token.colorPrimary,
          }}
        />
        <div
          data-testid="recovery-target-marker"
          style={{
            position: 'absolute',
            top: 2,
            left: `${report.targets.selfServiceShare * 100}%`,
            width: 2,
            height: 22,
            marginLeft: -1,
            background: token.colorText,
          }}
        />
        <Typography.Text
          type="secondary"
          style={{
            position: 'absolute',
            top: 24,
            left: `${report.targets.selfServiceShare * 100}%`,
            transform: 'translateX(-50%)',
            fontSize: 12,
            whiteSpace: 'nowrap',
          }}
        >
          {t('recoveryReport.targetMarker', { share: targetShare })}
        </Typography.Text>
      </div>
      <Typography.Text type="secondary">
        {t('recoveryReport.target', {
          share: targetShare,
          median: formatMinutes(t, language, report.targets.medianMinutes),
        })}
      </Typography.Text>
    </Card>
  );
}

function Kpis({ report }: { report: RecoveryReport }) {
  const { t, i18n } = useTranslation();
  const language = normalizeLanguage(i18n.resolvedLanguage);
  const selfService = report.paths.find((path) => path.path === 'self_service')?.count ?? 0;
  const kpis = [
    {
      key: 'selfServiceShare',
      value: formatShare(language, report.selfServiceShare),
      hint:
        report.total === 0
          ? t('recoveryReport.kpiHint.noRecoveries')
          : t('recoveryReport.kpiHint.selfServiceShare', { selfService, total: report.total }),
    },
    {
      key: 'median',
      value: formatMinutes(t, language, report.medianMinutes),
      hint: t('recoveryReport.kpiHint.median'),
    },
    { key: 'p90', value: formatMinutes(t, language, report.p90Minutes), hint: t('recoveryReport.kpiHint.p90') },
    {
      key: 'failedAttempts',
      value: String(report.failedAttempts.total),
      hint: t('recoveryReport.kpiHint.failedAttempts', {
        wrongCodes: report.failedAttempts.wrongCodes,
        refused: report.failedAttempts.refusedResets,
        answers: report.failedAttempts.securityAnswers,
      }),
    },
    { key: 'locks', value: String(report.locks), hint: t('recoveryReport.kpiHint.locks') },
  ];
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))', gap: 16 }}>
      {kpis.map((kpi) => (
        <Card
          key={kpi.key}
          variant="borderless"
          styles={{ body: { padding: '16px 20px' } }}
          data-testid={`kpi-${kpi.key}`}
        >
          <Statistic title={t(`recoveryReport.kpi.${kpi.key}`)} value={kpi.value} />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
            {kpi.hint}
          </Typography.Text>
        </Card>
      ))}
    </div>
  );
}

/** What the page will show once someone has recovered, so an empty period does not look broken. */
function EmptyReport({ report }: { report: RecoveryReport }) {
  const { t, i18n } = useTranslation();
  const language = normalizeLanguage(i18n.resolvedLanguage);
  const items = ['share', 'times', 'paths', 'failures'] as const;
  return (
    <Card variant="borderless" data-testid="recovery-report-empty">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <Flex vertical align="center" gap={8}>
            <Typography.Text strong>{t('recoveryReport.empty.title', { days: report.days })}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: 0 }}>
              {t('recoveryReport.empty.text')}
            </Typography.Paragraph>
            <ul style={{ textAlign: 'start', margin: '4px 0 0', paddingInlineStart: 20, maxWidth: 560 }}>
              {items.map((item) => (
                <li key={item}>
                  <Typography.Text type="secondary">
                    {t(`recoveryReport.empty.${item}`, {
                      share: formatShare(language, report.targets.selfServiceShare),
                    })}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          </Flex>
        }
      />
    </Card>
  );
}

/** Settings → Recovery report: how people got back in, how fast, and how often they needed help. */
export function RecoveryReportPage() {
  const { t, i18n } = useTranslation();
  const language = normalizeLanguage(i18n.resolvedLanguage);
  const [days, setDays] = useState<ReportPeriod>(30);
  const report = useRecoveryReport(days);

  return (
    <Flex vertical gap={20}>
      <PageHeading
        title={t('recoveryReport.title')}
        description={t('recoveryReport.description', { zone: browserTimeZone() })}
        actions={
          <Segmented<ReportPeriod>
            aria-label={t('recoveryReport.period')}
            value={days}
            onChange={setDays}
            options={periods.map((period) => ({
              value: period,
              label: t('recoveryReport.periodDays', { days: period }),
            }))}
          />
        }
      />
      {report.isError ? <Alert type="error" showIcon title={report.error.message} /> : null}
      {report.isPending ? (
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : null}
      {report.data ? (
        <>
          <Headline report={report.data} />
          <Kpis report={report.data} />
          {report.data.total === 0 ? (
            <EmptyReport report={report.data} />
          ) : (
            <Suspense
              fallback={
                <Card variant="borderless">
                  <Skeleton active paragraph={{ rows: 8 }} />
                </Card>
              }
            >
              <RecoveryReportCharts report={report.data} language={language} />
            </Suspense>
          )}
        </>
      ) : null}
    </Flex>
  );
}
