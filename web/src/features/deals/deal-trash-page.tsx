import { RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Empty, Flex, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { RelativeTime } from '../customers/customer-cells';
import { formatMoney } from '../crm/money-format';
import { dealApi, refreshDeals, useDealTrash } from './deal-api';
import type { TrashedDeal } from './deal-types';

/** Deals deleted in the last 30 days; those that went with their customer come back with it. */
export function DealTrashPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const trash = useDealTrash();
  const rows = useMemo(() => trash.data?.pages.flatMap((page) => page.items) ?? [], [trash.data]);

  const restore = useMutation({
    mutationFn: (deal: TrashedDeal) => dealApi.restore(deal.id),
    onSuccess: (restored) => {
      void refreshDeals(queryClient);
      void message.success(
        <span>
          {t('deals.trash.restored', { name: restored.name })}{' '}
          <Button type="link" size="small" onClick={() => void navigate(`/deals?view=list&deal=${restored.id}`)}>
            {t('deals.trash.openDeal')}
          </Button>
        </span>,
      );
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<TrashedDeal> = [
    {
      title: t('deals.field.name'),
      key: 'name',
      render: (_, deal) => <Typography.Text strong>{deal.name}</Typography.Text>,
    },
    { title: t('deals.field.customer'), key: 'customer', render: (_, deal) => deal.customerName },
    {
      title: t('deals.field.amount'),
      key: 'amount',
      align: 'right',
      render: (_, deal) => formatMoney(deal.amount, deal.currency, i18n.resolvedLanguage ?? 'en'),
    },
    {
      title: t('customers.trash.deletedAt'),
      key: 'deletedAt',
      render: (_, deal) => <RelativeTime value={deal.deletedAt} />,
    },
    {
      title: t('customers.trash.deletedBy'),
      key: 'deletedBy',
      render: (_, deal) => deal.deletedByName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, deal) => {
        const button = (
          <Button
            size="small"
            icon={<RollbackOutlined />}
            disabled={deal.customerInTrash}
            loading={restore.isPending && restore.variables.id === deal.id}
            aria-label={t('deals.trash.restoreFor', { name: deal.name })}
            onClick={() => restore.mutate(deal)}
          >
            {t('customers.trash.restore')}
          </Button>
        );
        return deal.customerInTrash ? <Tooltip title={t('deals.trash.withCustomer')}>{button}</Tooltip> : button;
      },
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/deals">{t('deals.title')}</Link> }, { title: t('deals.trash.title') }]} />
      <PageHeading title={t('deals.trash.title')} description={t('deals.trash.description')} />
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {trash.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
            {trash.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<TrashedDeal>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={trash.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.trash.empty')} /> }}
        />
        <LoadMore pages={trash} label={t('customers.list.loadMore')} style={{ padding: 16 }} />
      </Card>
    </Flex>
  );
}
