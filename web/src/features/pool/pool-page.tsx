import { SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { refreshCustomers } from '../customers/customer-api';
import { LevelTag, RelativeTime } from '../customers/customer-cells';
import type { Customer } from '../customers/customer-types';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { poolApi, usePoolCustomers, usePoolStatus } from './pool-api';
import { ListLoadError } from '../../components/list-load-error';

/** How many claims are left in the rolling 24 hours, and the return rule when there is one. */
function PoolStatusLine() {
  const { t } = useTranslation();
  const status = usePoolStatus();
  if (!status.data) {
    return null;
  }
  const { rule, claimsLeftToday } = status.data;
  return (
    <Flex gap={8} align="center" wrap data-testid="pool-status">
      {rule.claimLimitPerDay === null || claimsLeftToday === null ? (
        <Tag color="green">{t('pool.claimsUnlimited')}</Tag>
      ) : (
        <Tag color={claimsLeftToday > 0 ? 'blue' : 'red'} data-testid="pool-claims-left">
          {t('pool.claimsLeft', { left: claimsLeftToday, limit: rule.claimLimitPerDay })}
        </Tag>
      )}
      {rule.returnAfterDays === null ? null : (
        <Typography.Text type="secondary">{t('pool.returnRule', { days: rule.returnAfterDays })}</Typography.Text>
      )}
    </Flex>
  );
}

/** The public pool (公海): customers without an owner, each with a Claim button; several at once with the selection. */
export function PoolPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const permissions = useCrmPermissions();
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search);
  const pages = usePoolCustomers(query);
  const status = usePoolStatus();
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const [selected, setSelected] = useState<string[]>([]);
  const limitReached = status.data?.claimsLeftToday === 0;

  const claim = useMutation({
    mutationFn: (customer: Customer) => poolApi.claim(customer.id),
    onSuccess: (customer) => void message.success(t('pool.claimed', { name: customer.name })),
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshCustomers(queryClient),
  });

  // One claim after another: each is checked against the limit, and the first refusal explains the rest.
  const claimSelected = useMutation({
    mutationFn: async (ids: string[]) => {
      let claimed = 0;
      const failures: string[] = [];
      for (const id of ids) {
        try {
          await poolApi.claim(id);
          claimed += 1;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
      return { claimed, failures };
    },
    onSuccess: ({ claimed, failures }) => {
      if (claimed > 0) {
        void message.success(t('pool.claimedMany', { count: claimed }));
      }
      if (failures.length > 0) {
        void message.error(t('pool.claimFailed', { count: failures.length, reason: failures[0] }));
      }
      setSelected([]);
    },
    onSettled: () => void refreshCustomers(queryClient),
  });

  const columns: TableColumnsType<Customer> = [
    {
      title: t('customers.field.name'),
      key: 'name',
      render: (_, customer) => (
        <Link to={`/customers/${customer.id}`}>
          <Typography.Text strong>{customer.name}</Typography.Text>
        </Link>
      ),
    },
    { title: t('customers.field.level'), key: 'level', render: (_, customer) => <LevelTag level={customer.level} /> },
    {
      title: t('customers.field.industry'),
      key: 'industry',
      render: (_, customer) => customer.industry ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('customers.field.lastFollowUpAt'),
      key: 'lastFollowUpAt',
      render: (_, customer) => <RelativeTime value={customer.lastFollowUpAt} empty={t('customers.neverFollowedUp')} />,
    },
    {
      title: t('customers.field.updatedAt'),
      key: 'updatedAt',
      render: (_, customer) => <RelativeTime value={customer.updatedAt} />,
    },
    ...(permissions.canWrite
      ? [
          {
            title: <span className="visually-hidden">{t('common.actions')}</span>,
            key: 'actions',
            align: 'right' as const,
            render: (_: unknown, customer: Customer) => (
              <Button
                size="small"
                type="primary"
                ghost
                icon={<UserAddOutlined />}
                disabled={limitReached}
                loading={claim.isPending && claim.variables.id === customer.id}
                aria-label={t('pool.claimFor', { name: customer.name })}
                onClick={() => claim.mutate(customer)}
              >
                {t('pool.claim')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const total = pages.data?.pages[0]?.total ?? rows.length;
  return (
    <Flex vertical gap={16}>
      <PageHeading title={t('pool.title')} description={t('pool.description')} />
      {limitReached && status.data?.rule.claimLimitPerDay ? (
        <Alert type="warning" showIcon message={t('pool.limitReached', { limit: status.data.rule.claimLimitPerDay })} />
      ) : null}
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        <Flex justify="space-between" align="center" gap={12} wrap style={{ padding: 16 }}>
          <Flex gap={12} align="center" wrap>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('pool.search')}
              aria-label={t('pool.search')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              style={{ width: 280 }}
            />
            <PoolStatusLine />
          </Flex>
          {permissions.canWrite && selected.length > 0 ? (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              disabled={limitReached}
              loading={claimSelected.isPending}
              onClick={() => claimSelected.mutate(selected)}
            >
              {t('pool.claimSelected', { count: selected.length })}
            </Button>
          ) : null}
        </Flex>
        {pages.isError ? <ListLoadError error={pages.error} onRetry={() => void pages.refetch()} /> : null}
        <Table<Customer>
          rowKey="id"
          size="middle"
          data-testid="pool-table"
          columns={columns}
          dataSource={rows}
          loading={pages.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowSelection={
            permissions.canWrite
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }
              : undefined
          }
          locale={{
            emptyText: pages.isError ? (
              <span />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query ? t('pool.noMatch') : t('pool.empty')} />
            ),
          }}
        />
        {rows.length > 0 ? <ListFooter pages={pages} summary={t('pool.shown', { count: total })} /> : null}
      </Card>
    </Flex>
  );
}
