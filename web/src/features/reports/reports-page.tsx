import { Alert, Card, Col, DatePicker, Flex, Row, Select, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { browserTimeZone } from '../../api/time-zone';
import { FilterSelect } from '../../components/filter-select';
import { PageHeading } from '../../components/page-section';
import { normalizeLanguage } from '../../i18n/language';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { formatMoney } from '../crm/money-format';
import { useTeams } from '../teams/teams-api';
import {
  useContracts,
  useCurrencies,
  useFollowUps,
  useFunnel,
  useNewCustomers,
  useStaleCustomers,
  useWonByMonth,
  type ReportFilters,
  type StaleCustomersReport,
} from './report-api';

// ECharts comes with the charts only, so the rest of the app does not carry it.
const charts = import('./report-charts');
const lazyChart = <
  Name extends 'FunnelChart' | 'WonByMonthChart' | 'FollowUpsChart' | 'NewCustomersChart' | 'ContractsChart',
>(
  name: Name,
) => lazy(() => charts.then((module) => ({ default: module[name] })));
const FunnelChart = lazyChart('FunnelChart');
const WonByMonthChart = lazyChart('WonByMonthChart');
const FollowUpsChart = lazyChart('FollowUpsChart');
const NewCustomersChart = lazyChart('NewCustomersChart');
const ContractsChart = lazyChart('ContractsChart');
const ReportCard = lazy(() => charts.then((module) => ({ default: module.ReportCard })));

const STALE_DAYS = [7, 14, 30, 60, 90, 180, 365];
const day = (value: Dayjs) => value.format('YYYY-MM-DD');

function rangePresets(t: (key: string) => string): { label: string; value: [Dayjs, Dayjs] }[] {
  const today = dayjs();
  return [
    { label: t('reports.preset.last30'), value: [today.subtract(29, 'day'), today] },
    { label: t('reports.preset.last90'), value: [today.subtract(89, 'day'), today] },
    { label: t('reports.preset.thisYear'), value: [today.startOf('year'), today] },
    { label: t('reports.preset.last12Months'), value: [today.subtract(11, 'month').startOf('month'), today] },
  ];
}

function StaleTable({ report, loading }: { report: StaleCustomersReport | undefined; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const language = normalizeLanguage(i18n.language);
  const columns: TableColumnsType<StaleCustomersReport['items'][number]> = [
    {
      title: t('reports.stale.customer'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link>,
    },
    {
      title: t('reports.stale.owner'),
      dataIndex: 'ownerName',
      width: 120,
      ellipsis: true,
      render: (name: string | null) => name ?? <Tag>{t('reports.stale.pool')}</Tag>,
    },
    {
      title: t('reports.stale.lastFollowUp'),
      dataIndex: 'lastFollowUpAt',
      width: 130,
      render: (value: string | null) =>
        value ? (
          new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(value))
        ) : (
          <Typography.Text type="secondary">{t('reports.stale.never')}</Typography.Text>
        ),
    },
    {
      title: t('reports.stale.idle'),
      dataIndex: 'idleDays',
      width: 90,
      align: 'right',
      render: (days: number) => t('reports.stale.days', { count: days }),
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={report?.items ?? []}
      pagination={false}
      tableLayout="fixed"
    />
  );
}

/** The Reports section: six reports over one period, team, owner and currency, each in its own card. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const language = normalizeLanguage(i18n.language);
  const { canListMembers } = useCrmPermissions();
  const directory = useMemberDirectory();
  const teams = useTeams(canListMembers);
  const currencies = useCurrencies();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(11, 'month').startOf('month'), dayjs()]);
  const [teamId, setTeamId] = useState<string>();
  const [ownerId, setOwnerId] = useState<string>();
  const [currency, setCurrency] = useState<string>();
  const [staleDays, setStaleDays] = useState(30);

  useEffect(() => {
    if (currency === undefined && currencies.data) setCurrency(currencies.data.defaultCurrency);
  }, [currency, currencies.data]);

  const filters: ReportFilters = useMemo(
    () => ({ from: day(range[0]), to: day(range[1]), teamId, ownerId, currency }),
    [range, teamId, ownerId, currency],
  );
  const funnel = useFunnel(filters);
  const won = useWonByMonth(filters);
  const followUps = useFollowUps(filters);
  const sources = useNewCustomers(filters);
  const contracts = useContracts(filters);
  const stale = useStaleCustomers(filters, staleDays);
  const failed = [funnel, won, followUps, sources, contracts, stale, currencies].some((query) => query.isError);

  const currencyChoices = (currencies.data?.currencies.map((row) => row.currency) ?? []).concat(
    currency && !currencies.data?.currencies.some((row) => row.currency === currency) ? [currency] : [],
  );
  const moneyLabel = (amount: string) => (filters.currency ? formatMoney(amount, filters.currency, language) : '');
  const total = (label: string, value: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
      {label} <Typography.Text strong>{value}</Typography.Text>
    </Typography.Text>
  );
  const card = (span: { xs: number; xl: number }, content: ReactNode) => (
    <Col xs={span.xs} xl={span.xl}>
      <Suspense
        fallback={
          <Card>
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        }
      >
        {content}
      </Suspense>
    </Col>
  );
  const half = { xs: 24, xl: 12 };

  return (
    <Flex vertical gap={16}>
      <PageHeading title={t('reports.title')} description={t('reports.description', { zone: browserTimeZone() })} />
      <Flex gap={8} wrap align="center" role="search" aria-label={t('reports.filters')}>
        <DatePicker.RangePicker
          aria-label={t('reports.period')}
          allowClear={false}
          value={range}
          presets={rangePresets(t)}
          disabledDate={(value) => value.isAfter(dayjs(), 'day')}
          onChange={(next) => {
            if (next?.[0] && next[1]) setRange([next[0], next[1]]);
          }}
          style={{ width: 260 }}
        />
        {canListMembers ? (
          <FilterSelect
            label={t('reports.team')}
            value={teamId}
            onChange={setTeamId}
            options={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
            width={150}
          />
        ) : null}
        {canListMembers ? (
          <MemberSelect
            allowClear
            placeholder={t('reports.owner')}
            aria-label={t('reports.owner')}
            members={directory.assignable}
            value={ownerId}
            onChange={(value) => setOwnerId(value)}
            style={{ width: 180 }}
            popupMatchSelectWidth={260}
          />
        ) : null}
        <Select<string>
          aria-label={t('reports.currency')}
          value={currency}
          onChange={setCurrency}
          options={currencyChoices.map((code) => ({ value: code, label: code }))}
          loading={currencies.isPending}
          style={{ width: 100 }}
        />
      </Flex>
      {failed ? <Alert type="error" showIcon message={t('reports.loadFailed')} /> : null}
      <Row gutter={[16, 16]}>
        {card(
          half,
          <ReportCard
            testId="report-funnel"
            title={t('reports.funnel.title')}
            extra={
              funnel.data
                ? total(
                    t('reports.funnel.lost'),
                    String(
                      funnel.data.stages
                        .filter((stage) => stage.kind === 'lost')
                        .reduce((sum, stage) => sum + stage.count, 0),
                    ),
                  )
                : null
            }
            loading={funnel.isPending}
            empty={!funnel.data?.stages.some((stage) => stage.count > 0)}
          >
            {funnel.data ? <FunnelChart report={funnel.data} currency={filters.currency} /> : null}
          </ReportCard>,
        )}
        {card(
          half,
          <ReportCard
            testId="report-won"
            title={t('reports.won.title')}
            loading={won.isPending}
            empty={won.data?.total.count === 0}
            extra={
              won.data
                ? total(t('reports.won.total', { count: won.data.total.count }), moneyLabel(won.data.total.amount))
                : null
            }
          >
            {won.data ? <WonByMonthChart report={won.data} /> : null}
          </ReportCard>,
        )}
        {card(
          half,
          <ReportCard
            testId="report-follow-ups"
            title={t('reports.followUps.title')}
            loading={followUps.isPending}
            empty={followUps.data?.total === 0}
            extra={followUps.data ? total(t('reports.followUps.total'), String(followUps.data.total)) : null}
          >
            {followUps.data ? <FollowUpsChart report={followUps.data} /> : null}
          </ReportCard>,
        )}
        {card(
          half,
          <ReportCard
            testId="report-sources"
            title={t('reports.newCustomers.title')}
            loading={sources.isPending}
            empty={sources.data?.total === 0}
          >
            {sources.data ? <NewCustomersChart report={sources.data} /> : null}
          </ReportCard>,
        )}
        {card(
          half,
          <ReportCard
            testId="report-contracts"
            title={t('reports.contracts.title')}
            loading={contracts.isPending}
            empty={contracts.data?.total.contracts === 0 && contracts.data.total.received === '0.00'}
            extra={
              contracts.data
                ? total(t('reports.contracts.receivedTotal'), moneyLabel(contracts.data.total.received))
                : null
            }
          >
            {contracts.data ? <ContractsChart report={contracts.data} /> : null}
          </ReportCard>,
        )}
        {card(
          half,
          <Card
            data-testid="report-stale"
            title={t('reports.stale.title')}
            style={{ height: '100%' }}
            styles={{ body: { padding: 16 } }}
            extra={
              <Flex gap={8} align="center">
                {stale.data ? (
                  <Typography.Text type="secondary">
                    {t('reports.stale.count', { count: stale.data.total })}
                  </Typography.Text>
                ) : null}
                <Select<number>
                  aria-label={t('reports.stale.threshold')}
                  size="small"
                  value={staleDays}
                  onChange={setStaleDays}
                  options={STALE_DAYS.map((days) => ({ value: days, label: t('reports.stale.over', { count: days }) }))}
                  style={{ width: 110 }}
                />
              </Flex>
            }
          >
            <StaleTable report={stale.data} loading={stale.isPending} />
          </Card>,
        )}
      </Row>
    </Flex>
  );
}
