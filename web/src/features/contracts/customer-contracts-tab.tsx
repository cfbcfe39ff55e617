import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Table, Typography } from 'antd';
import type { MouseEvent } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadMore } from '../../components/load-more';
import type { Customer } from '../customers/customer-types';
import { useContractList } from './contract-api';
import { contractColumns } from './contract-columns';
import { DEFAULT_CONTRACT_FILTERS } from './contract-filters';
import { ContractFormDrawer } from './contract-form-drawer';
import { ContractTotals } from './contract-totals';

/** The customer's contracts the user may see (their own scope, or all with finance access), newest signed first. */
export function CustomerContractsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useContractList(DEFAULT_CONTRACT_FILTERS, customer.id);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const totals = list.data?.pages[0]?.totals ?? null;

  return (
    <Flex vertical gap={12} data-testid="customer-contracts">
      {totals && totals.length > 0 ? <ContractTotals totals={totals} /> : null}
      {customer.canEdit && rows.length > 0 ? (
        <Flex justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('contracts.new')}
          </Button>
        </Flex>
      ) : null}
      {list.isError ? (
        <Typography.Paragraph type="danger" role="alert">
          {list.error.message}
        </Typography.Paragraph>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        columns={contractColumns(t, DEFAULT_CONTRACT_FILTERS, { showCustomer: false }).map((column) => ({
          ...column,
          sorter: false,
          sortOrder: null,
        }))}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(contract) => ({
          onClick: (event: MouseEvent<HTMLElement>) => {
            if ((event.target as HTMLElement).closest('a, button') === null) {
              void navigate(`/contracts/${contract.id}`);
            }
          },
          style: { cursor: 'pointer' },
        })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.emptyForCustomer')}>
              {customer.canEdit ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('contracts.new')}
                </Button>
              ) : null}
            </Empty>
          ),
        }}
      />
      <LoadMore pages={list} label={t('contracts.list.loadMore')} />
      {creating ? (
        <ContractFormDrawer
          contract={null}
          customer={{ id: customer.id, name: customer.name }}
          onClose={() => setCreating(false)}
          onSaved={(contract) => void navigate(`/contracts/${contract.id}`)}
        />
      ) : null}
    </Flex>
  );
}
