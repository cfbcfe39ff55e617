import { RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Empty, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { RelativeTime } from './customer-cells';
import { customerApi, refreshCustomers, useCustomerTrash } from './customer-api';
import type { TrashedCustomer } from './customer-types';

/** Customers deleted in the last 30 days (with their contacts): who deleted them, when, and a way back. */
export function CustomerTrashPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const trash = useCustomerTrash();
  const rows = useMemo(() => trash.data?.pages.flatMap((page) => page.items) ?? [], [trash.data]);

  const restore = useMutation({
    mutationFn: (customer: TrashedCustomer) => customerApi.restore(customer.id),
    onSuccess: (restored) => {
      void refreshCustomers(queryClient);
      void message.success(
        <span>
          {t('customers.trash.restored', { name: restored.name })}{' '}
          {/* Messages render outside the router: navigate from here instead of a <Link>. */}
          <Button type="link" size="small" onClick={() => void navigate(`/customers/${restored.id}`)}>
            {t('customers.trash.open360')}
          </Button>
        </span>,
      );
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<TrashedCustomer> = [
    {
      title: t('customers.field.name'),
      key: 'name',
      render: (_, customer) => <Typography.Text strong>{customer.name}</Typography.Text>,
    },
    {
      title: t('customers.trash.deletedAt'),
      key: 'deletedAt',
      render: (_, customer) => <RelativeTime value={customer.deletedAt} />,
    },
    {
      title: t('customers.trash.deletedBy'),
      key: 'deletedBy',
      render: (_, customer) => customer.deletedByName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, customer) => (
        <Button
          size="small"
          icon={<RollbackOutlined />}
          loading={restore.isPending && restore.variables.id === customer.id}
          aria-label={t('customers.trash.restoreFor', { name: customer.name })}
          onClick={() => restore.mutate(customer)}
        >
          {t('customers.trash.restore')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[{ title: <Link to="/customers">{t('customers.title')}</Link> }, { title: t('customers.trash.title') }]}
      />
      <PageHeading title={t('customers.trash.title')} description={t('customers.trash.description')} />
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {trash.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
            {trash.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<TrashedCustomer>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={trash.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.trash.empty')} />,
          }}
        />
        <LoadMore pages={trash} label={t('customers.list.loadMore')} style={{ padding: 16 }} />
      </Card>
    </Flex>
  );
}
