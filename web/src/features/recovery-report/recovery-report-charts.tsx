import { Card, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/types';
import { appTheme } from '../../app/theme';
import { EChart, type ChartOption } from '../../components/echart';
import { formatMinutes, shortDate } from './report-format';
import type { RecoveryPath, RecoveryPathStats, RecoveryReport } from './recovery-report-types';

/** Self-service in the app's blue; the help an admin or the console gave in warm colours that stand out. */
export const pathColors: Record<RecoveryPath, string> = {
  self_service: '#3451d1',
  assisted: '#e8a317',
  break_glass: '#d9363e',
};
const bucketColors = ['#2f9e6e', '#8cbf3f', '#e8a317', '#d9363e'];

const textStyle = { fontFamily: appTheme.token?.fontFamily ?? 'sans-serif', color: '#3d4350' };
const tooltip = { confine: true, textStyle: { fontFamily: textStyle.fontFamily } };

function pathsOption(t: TFunction, report: RecoveryReport): ChartOption {
  const names = report.paths.map((row) => t(`recoveryReport.path.${row.path}`));
  return {
    textStyle,
    color: report.paths.map((row) => pathColors[row.path]),
    tooltip: { ...tooltip, trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, icon: 'circle', itemWidth: 10, itemHeight: 10, data: names },
    title: {
      text: String(report.total),
      subtext: t('recoveryReport.chart.pathsCenter'),
      left: 'center',
      top: '34%',
      itemGap: 2,
      textStyle: { fontSize: 26, fontWeight: 600, color: '#1f2430' },
      subtextStyle: { fontSize: 12, color: '#7a8190' },
    },
    series: [
      {
        type: 'pie',
        radius: ['52%', '74%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        percentPrecision: 0,
        // White gaps between slices; none when one path has everything (a zero slice would still draw its gap).
        itemStyle: {
          borderColor: '#ffffff',
          borderWidth: report.paths.filter((row) => row.count > 0).length > 1 ? 2 : 0,
        },
        label: { formatter: '{c} ({d}%)', fontSize: 12 },
        // Every path stays in the legend; a zero slice has no label (they would sit on top of each other).
        data: report.paths.map((row, index) => ({
          name: names[index] ?? row.path,
          value: row.count,
          itemStyle: { color: pathColors[row.path] },
          label: { show: row.count > 0 },
          labelLine: { show: row.count > 0 },
        })),
      },
    ],
  };
}

function channelsOption(t: TFunction, report: RecoveryReport): ChartOption {
  // Top to bottom in the order of the list (a category y axis starts at the bottom).
  const rows = [...report.channels].reverse();
  return {
    textStyle,
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f5' } } },
    yAxis: {
      type: 'category',
      data: rows.map((row) => t(`recoveryReport.channel.${row.channel}`)),
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: t('recoveryReport.chart.count'),
        barMaxWidth: 16,
        label: { show: true, position: 'right', fontSize: 12 },
        data: rows.map((row) => ({
          value: row.count,
          itemStyle: { color: pathColors[row.path], borderRadius: [0, 4, 4, 0] },
        })),
      },
    ],
  };
}

function dailyOption(t: TFunction, report: RecoveryReport): ChartOption {
  const series: { key: 'selfService' | 'assisted' | 'breakGlass'; path: RecoveryPath }[] = [
    { key: 'selfService', path: 'self_service' },
    { key: 'assisted', path: 'assisted' },
    { key: 'breakGlass', path: 'break_glass' },
  ];
  return {
    textStyle,
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0, icon: 'circle', itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: report.series.map((day) => day.date),
      axisLabel: { formatter: shortDate, hideOverlap: true },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f5' } } },
    series: series.map(({ key, path }) => ({
      type: 'bar',
      name: t(`recoveryReport.path.${path}`),
      stack: 'recoveries',
      barMaxWidth: 18,
      itemStyle: { color: pathColors[path] },
      emphasis: { focus: 'series' },
      data: report.series.map((day) => day[key]),
    })),
  };
}

function timesOption(t: TFunction, report: RecoveryReport): ChartOption {
  return {
    textStyle,
    tooltip: { ...tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: report.timeBuckets.map((row) => t(`recoveryReport.bucket.${row.bucket}`)),
      // Every bucket named, on two lines when the card is narrow.
      axisLabel: { interval: 0, width: 76, overflow: 'break', lineHeight: 16 },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f5' } } },
    series: [
      {
        type: 'bar',
        name: t('recoveryReport.chart.count'),
        barMaxWidth: 48,
        label: { show: true, position: 'top', fontSize: 12 },
        data: report.timeBuckets.map((row, index) => ({
          value: row.count,
          itemStyle: { color: bucketColors[index], borderRadius: [4, 4, 0, 0] },
        })),
      },
    ],
  };
}

function PathTimes({ report, language }: { report: RecoveryReport; language: Language }) {
  const { t } = useTranslation();
  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const columns: TableColumnsType<RecoveryPathStats> = [
    {
      title: t('recoveryReport.table.path'),
      key: 'path',
      onCell: nowrap,
      render: (_, row) => (
        <>
          <span
            style={{
              display: 'inline-block',
              width: 8,
              height: 8,
              borderRadius: 4,
              marginInlineEnd: 8,
              background: pathColors[row.path],
            }}
          />
          {t(`recoveryReport.path.${row.path}`)}
        </>
      ),
    },
    { title: t('recoveryReport.table.count'), dataIndex: 'count', key: 'count', align: 'end', onHeaderCell: nowrap },
    {
      title: t('recoveryReport.table.median'),
      key: 'median',
      align: 'end',
      onHeaderCell: nowrap,
      onCell: nowrap,
      render: (_, row) => formatMinutes(t, language, row.medianMinutes),
    },
    {
      title: t('recoveryReport.table.p90'),
      key: 'p90',
      align: 'end',
      onHeaderCell: nowrap,
      onCell: nowrap,
      render: (_, row) => formatMinutes(t, language, row.p90Minutes),
    },
  ];
  return (
    <>
      <Table<RecoveryPathStats>
        rowKey="path"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={report.paths}
        data-testid="recovery-path-times"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
        {t('recoveryReport.timesNote')}
      </Typography.Paragraph>
    </>
  );
}

/** What else a self-service reset proved besides the message's channel. */
function SecondProof({ report }: { report: RecoveryReport }) {
  const { t } = useTranslation();
  const items = [
    { key: 'factor', count: report.secondProof.secondFactor },
    { key: 'channel', count: report.secondProof.secondChannel },
    { key: 'none', count: report.secondProof.none },
  ];
  return (
    <div data-testid="second-proof" style={{ marginTop: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
        {t('recoveryReport.secondProof.title')}
      </Typography.Text>
      <Flex gap="4px 16px" wrap>
        {items.map((item) => (
          <Typography.Text key={item.key} style={{ fontSize: 13 }}>
            {t(`recoveryReport.secondProof.${item.key}`)} <Typography.Text strong>{item.count}</Typography.Text>
          </Typography.Text>
        ))}
      </Flex>
    </div>
  );
}

/** Two cards side by side while each gets at least 360 px of the content area, else one above the other. */
function Pair({ children }: { children: ReactNode }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: 16 }}>
      {children}
    </div>
  );
}

const cardProps = { variant: 'borderless' as const, styles: { body: { padding: '8px 20px 20px' } } };

/** A titled card holding one chart (and optionally something under it); the title is also the chart's label. */
function ChartCard(props: {
  title: string;
  option: ChartOption;
  language: Language;
  height: number;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <Card {...cardProps} title={props.title}>
      <EChart
        option={props.option}
        language={props.language}
        height={props.height}
        label={props.title}
        testId={props.testId}
      />
      {props.children}
    </Card>
  );
}

/** The report's charts (ECharts, loaded on demand). */
export function RecoveryReportCharts({ report, language }: { report: RecoveryReport; language: Language }) {
  const { t } = useTranslation();
  const options = useMemo(
    () => ({
      paths: pathsOption(t, report),
      channels: channelsOption(t, report),
      daily: dailyOption(t, report),
      times: timesOption(t, report),
    }),
    [t, report],
  );

  return (
    <Flex vertical gap={16}>
      <Pair>
        <ChartCard
          title={t('recoveryReport.chart.paths')}
          option={options.paths}
          language={language}
          height={280}
          testId="chart-paths"
        />
        <ChartCard
          title={t('recoveryReport.chart.channels')}
          option={options.channels}
          language={language}
          height={220}
          testId="chart-channels"
        >
          <SecondProof report={report} />
        </ChartCard>
      </Pair>
      <ChartCard
        title={t('recoveryReport.chart.daily')}
        option={options.daily}
        language={language}
        height={280}
        testId="chart-daily"
      />
      <Pair>
        <ChartCard
          title={t('recoveryReport.chart.times')}
          option={options.times}
          language={language}
          height={260}
          testId="chart-times"
        />
        <Card {...cardProps} title={t('recoveryReport.table.title')}>
          <PathTimes report={report} language={language} />
        </Card>
      </Pair>
    </Flex>
  );
}
