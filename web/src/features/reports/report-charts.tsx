import { Card, Empty, Skeleton } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { appTheme } from '../../app/theme';
import { EChart, type ChartOption } from '../../components/echart';
import { normalizeLanguage } from '../../i18n/language';
import { formatMoney, formatMoneyCompact } from '../crm/money-format';
import { stageLabel } from '../deals/deal-format';
import type {
  ContractsReport,
  FollowUpsReport,
  FunnelReport,
  NewCustomersReport,
  WonByMonthReport,
} from './report-api';

const CHART_HEIGHT = 280;
const textStyle = { fontFamily: appTheme.token?.fontFamily ?? 'sans-serif', color: '#3d4350' };
const tooltip = { confine: true, textStyle: { fontFamily: textStyle.fontFamily } };
const splitLine = { lineStyle: { color: '#eef0f5' } };
const palette = ['#3451d1', '#2f9e6e', '#e8a317', '#8a5cd1', '#1f9bb8', '#d9363e', '#8cbf3f', '#7a8190'];

interface ReportCardProps {
  title: string;
  /** A figure or note shown in the card's header (e.g. the period's total). */
  extra?: ReactNode;
  loading: boolean;
  empty: boolean;
  children: ReactNode;
  testId: string;
}

/** One report: a titled card with a skeleton while loading and an empty state when the period has nothing. */
export function ReportCard({ title, extra, loading, empty, children, testId }: ReportCardProps) {
  const { t } = useTranslation();
  let body: ReactNode = children;
  if (loading) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (empty) {
    body = (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} style={{ padding: '48px 0' }} />
    );
  }
  return (
    <Card
      title={title}
      extra={loading ? null : extra}
      data-testid={testId}
      style={{ height: '100%' }}
      styles={{ body: { padding: 16 } }}
    >
      {body}
    </Card>
  );
}

/** "2025-03" → "Mar 2025" / "2025年3月". */
function monthLabel(month: string, language: Language): string {
  const [year = 0, index = 1] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(year, index - 1, 1),
  );
}

function useLanguage(): { t: TFunction; language: Language } {
  const { t, i18n } = useTranslation();
  return { t, language: normalizeLanguage(i18n.language) };
}

/** Every report chart: the same height, the reader's language, an accessible label. */
function ReportChart({ option, label, testId }: { option: ChartOption; label: string; testId: string }) {
  const { language } = useLanguage();
  return <EChart option={option} language={language} height={CHART_HEIGHT} label={label} testId={testId} />;
}

interface MonthlyMoneySeries {
  name: string;
  color: string;
  values: number[];
}

/** Bars of money per month on one currency's axis (won amount; contracted vs received), legend when more than one. */
function monthlyMoneyOption(
  months: string[],
  currency: string,
  language: Language,
  series: MonthlyMoneySeries[],
): ChartOption {
  const legend = series.length > 1;
  return {
    textStyle,
    tooltip: {
      ...tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => formatMoney(String(value), currency, language),
    },
    ...(legend ? { legend: { top: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 } } : {}),
    grid: { left: 8, right: 16, top: legend ? 36 : 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((month) => monthLabel(month, language)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      splitLine,
      axisLabel: { formatter: (value: number) => formatMoneyCompact(String(value), currency, language) },
    },
    series: series.map((entry) => ({
      type: 'bar',
      name: entry.name,
      barMaxWidth: legend ? 22 : 28,
      itemStyle: { color: entry.color, borderRadius: [4, 4, 0, 0] },
      data: entry.values,
    })),
  };
}

export function FunnelChart({ report, currency }: { report: FunnelReport; currency: string | undefined }) {
  const { t, language } = useLanguage();
  const option = useMemo((): ChartOption => {
    const open = report.stages.filter((stage) => stage.kind === 'open');
    const won = report.stages.filter((stage) => stage.kind === 'won');
    const amountOf = (stage: FunnelReport['stages'][number]) => {
      const total = stage.totals.find((row) => row.currency === currency);
      return total ? formatMoney(total.amount, total.currency, language) : '—';
    };
    const rows = [...open, ...won];
    const label = (stage: FunnelReport['stages'][number]) => `${stageLabel(t, stage)}  ${stage.count}`;
    return {
      textStyle,
      color: palette,
      tooltip: {
        ...tooltip,
        trigger: 'item',
        formatter: (params: unknown) => {
          const { dataIndex } = params as { dataIndex: number };
          const stage = rows[dataIndex];
          return stage
            ? `${stageLabel(t, stage)}<br/>${t('reports.funnel.deals', { count: stage.count })} · ${amountOf(stage)}`
            : '';
        },
      },
      series: [
        {
          type: 'funnel',
          // The shape narrows stage by stage in pipeline order; each label carries the stage's real count.
          sort: 'none',
          left: '12%',
          width: '76%',
          top: 8,
          bottom: 8,
          minSize: '30%',
          gap: 3,
          label: {
            position: 'inside',
            color: '#ffffff',
            fontSize: 13,
            formatter: (params: unknown) => {
              const stage = rows[(params as { dataIndex: number }).dataIndex];
              return stage ? label(stage) : '';
            },
          },
          data: rows.map((stage, index) => ({ name: stageLabel(t, stage), value: rows.length - index })),
        },
      ],
    };
  }, [report, currency, t, language]);
  return <ReportChart option={option} label={t('reports.funnel.title')} testId="funnel-chart" />;
}

export function WonByMonthChart({ report }: { report: WonByMonthReport }) {
  const { t, language } = useLanguage();
  const option = useMemo(
    () =>
      monthlyMoneyOption(
        report.months.map((row) => row.month),
        report.currency,
        language,
        [{ name: t('reports.won.amount'), color: '#2f9e6e', values: report.months.map((row) => Number(row.amount)) }],
      ),
    [report, t, language],
  );
  return <ReportChart option={option} label={t('reports.won.title')} testId="won-chart" />;
}

export function FollowUpsChart({ report }: { report: FollowUpsReport }) {
  const { t, language } = useLanguage();
  const option = useMemo((): ChartOption => {
    const weekLabel = (start: string) =>
      new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${start}T00:00:00Z`),
      );
    return {
      textStyle,
      color: palette,
      tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: report.weeks.map((week) => weekLabel(week.start)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1, splitLine },
      series: report.people.map((person) => ({
        type: 'bar',
        stack: 'follow-ups',
        name: person.name ?? t('reports.followUps.formerMember'),
        barMaxWidth: 24,
        emphasis: { focus: 'series' },
        data: person.counts,
      })),
    };
  }, [report, t, language]);
  return <ReportChart option={option} label={t('reports.followUps.title')} testId="follow-ups-chart" />;
}

export function NewCustomersChart({ report }: { report: NewCustomersReport }) {
  const { t } = useTranslation();
  const option = useMemo(
    (): ChartOption => ({
      textStyle,
      color: palette,
      tooltip: { ...tooltip, trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', bottom: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 },
      title: {
        text: String(report.total),
        subtext: t('reports.newCustomers.center'),
        left: 'center',
        top: '34%',
        itemGap: 2,
        textStyle: { fontSize: 24, fontWeight: 600, color: '#1f2430' },
        subtextStyle: { fontSize: 12, color: '#7a8190' },
      },
      series: [
        {
          type: 'pie',
          radius: ['50%', '72%'],
          center: ['50%', '45%'],
          itemStyle: { borderColor: '#ffffff', borderWidth: report.sources.length > 1 ? 2 : 0 },
          label: { formatter: '{c}', fontSize: 12 },
          data: report.sources.map((row) => ({
            name: t(`customers.source.${row.source}`, { defaultValue: t('reports.newCustomers.unknown') }),
            value: row.count,
          })),
        },
      ],
    }),
    [report, t],
  );
  return <ReportChart option={option} label={t('reports.newCustomers.title')} testId="sources-chart" />;
}

export function ContractsChart({ report }: { report: ContractsReport }) {
  const { t, language } = useLanguage();
  const option = useMemo(
    () =>
      monthlyMoneyOption(
        report.months.map((row) => row.month),
        report.currency,
        language,
        [
          {
            name: t('reports.contracts.contracted'),
            color: '#3451d1',
            values: report.months.map((row) => Number(row.contracted)),
          },
          {
            name: t('reports.contracts.received'),
            color: '#2f9e6e',
            values: report.months.map((row) => Number(row.received)),
          },
        ],
      ),
    [report, t, language],
  );
  return <ReportChart option={option} label={t('reports.contracts.title')} testId="contracts-chart" />;
}
