import { RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Empty, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { RelativeTime } from '../customers/customer-cells';
import { contractApi, refreshContracts, useContractTrash } from './contract-api';
import { Money } from './contract-cells';
import type { TrashedContract } from './contract-types';

/** Contracts moved to the trash on their own in the last 30 days (with their payments), and a way back. */
export function ContractTrashPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const trash = useContractTrash();
  const rows = useMemo(() => trash.data?.pages.flatMap((page) => page.items) ?? [], [trash.data]);

  const restore = useMutation({
    mutationFn: (contract: TrashedContract) => contractApi.restore(contract.id),
    onSuccess: (restored) => {
      void refreshContracts(queryClient);
      void message.success(
        <span>
          {t('contracts.trash.restored', { number: restored.number })}{' '}
          <Button type="link" size="small" onClick={() => void navigate(`/contracts/${restored.id}`)}>
            {t('contracts.trash.openContract')}
          </Button>
        </span>,
      );
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<TrashedContract> = [
    {
      title: t('contracts.field.number'),
      key: 'number',
      render: (_, contract) => (
        <div>
          <Typography.Text strong>{contract.number}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {contract.title}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('contracts.field.customer'), key: 'customer', render: (_, contract) => contract.customerName },
    {
      title: t('contracts.field.amount'),
      key: 'amount',
      align: 'right',
      render: (_, contract) => <Money amount={contract.amount} currency={contract.currency} />,
    },
    {
      title: t('contracts.trash.deletedAt'),
      key: 'deletedAt',
      render: (_, contract) => <RelativeTime value={contract.deletedAt} />,
    },
    { title: t('contracts.trash.deletedBy'), key: 'deletedBy', render: (_, contract) => contract.deletedByName ?? '—' },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, contract) => (
        <Button
          size="small"
          icon={<RollbackOutlined />}
          loading={restore.isPending && restore.variables.id === contract.id}
          aria-label={t('contracts.trash.restoreFor', { number: contract.number })}
          onClick={() => restore.mutate(contract)}
        >
          {t('contracts.trash.restore')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[{ title: <Link to="/contracts">{t('contracts.title')}</Link> }, { title: t('contracts.trash.title') }]}
      />
      <PageHeading title={t('contracts.trash.title')} description={t('contracts.trash.description')} />
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {trash.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
            {trash.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<TrashedContract>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={trash.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.trash.empty')} />,
          }}
        />
        <LoadMore pages={trash} label={t('contracts.list.loadMore')} style={{ padding: 16 }} />
      </Card>
    </Flex>
  );
}
