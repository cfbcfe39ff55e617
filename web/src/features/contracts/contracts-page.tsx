import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table } from 'antd';
import type { MouseEvent } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { SavedViews } from '../crm/saved-views';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useContractList } from './contract-api';
import { contractColumns } from './contract-columns';
import { ContractFilterBar } from './contract-filter-bar';
import {
  DEFAULT_CONTRACT_FILTERS,
  contractFiltersFromSearch,
  contractFiltersToSearch,
  hasNarrowingContractFilters,
} from './contract-filters';
import { ContractFormDrawer } from './contract-form-drawer';
import { ContractTotals } from './contract-totals';
import type { Contract, ContractListFilters, ContractSortKey } from './contract-types';
import { ListLoadError } from '../../components/list-load-error';

function isRowClick(event: MouseEvent<HTMLElement>): boolean {
  return (event.target as HTMLElement).closest('button, a, input, label') === null;
}

/**
 * Contracts (合同) in the user's scope — every one of the organisation for finance readers: filters in the address,
 * totals per currency for the filtered list, and what is received and still due on each row.
 */
export function ContractsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => contractFiltersFromSearch(searchParams), [searchParams]);
  const list = useContractList(filters);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const first = list.data?.pages[0];

  const update = useCallback(
    (changes: Partial<ContractListFilters>) => {
      setSearchParams((current) => contractFiltersToSearch({ ...contractFiltersFromSearch(current), ...changes }), {
        replace: true,
      });
    },
    [setSearchParams],
  );
  const clear = () => update({ ...DEFAULT_CONTRACT_FILTERS, sort: filters.sort, order: filters.order });
  const applyView = (search: URLSearchParams) =>
    setSearchParams(contractFiltersToSearch(contractFiltersFromSearch(search)));

  const empty =
    !list.isPending && !list.isError && rows.length === 0 ? (
      hasNarrowingContractFilters(filters) ? (
        <Empty description={t('contracts.list.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Button onClick={clear}>{t('contracts.filter.clear')}</Button>
        </Empty>
      ) : (
        <Empty description={t('contracts.list.empty')} data-testid="contracts-empty">
          {permissions.canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('contracts.new')}
            </Button>
          ) : null}
        </Empty>
      )
    ) : undefined;

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('contracts.title')}
        description={t('contracts.description')}
        actions={
          permissions.canWrite ? (
            <>
              <Button icon={<DeleteOutlined />} onClick={() => void navigate('/contracts/trash')}>
                {t('contracts.trash.open')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('contracts.new')}
              </Button>
            </>
          ) : null
        }
      />
      {/* The filters wrap beside the views button rather than pushing it onto a line of its own. */}
      <Flex align="flex-start" gap={12}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <ContractFilterBar filters={filters} onChange={update} onClear={clear} />
        </div>
        <div style={{ flex: 'none' }}>
          <SavedViews
            list="contracts"
            search={new URLSearchParams(contractFiltersToSearch(filters))}
            onApply={applyView}
          />
        </div>
      </Flex>
      {first?.totals ? <ContractTotals totals={first.totals} /> : null}
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {list.isError ? <ListLoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Contract>
          rowKey="id"
          size="middle"
          data-testid="contracts-table"
          columns={contractColumns(t, filters, { showCustomer: true })}
          dataSource={rows}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          showSorterTooltip={false}
          locale={empty ? { emptyText: empty } : undefined}
          onChange={(_pagination, _filters, sorter) => {
            const single = Array.isArray(sorter) ? sorter[0] : sorter;
            if (!single?.order || typeof single.columnKey !== 'string') {
              update({ sort: DEFAULT_CONTRACT_FILTERS.sort, order: DEFAULT_CONTRACT_FILTERS.order });
            } else {
              update({ sort: single.columnKey as ContractSortKey, order: single.order === 'ascend' ? 'asc' : 'desc' });
            }
          }}
          onRow={(contract) => ({
            onClick: (event: MouseEvent<HTMLElement>) => {
              if (isRowClick(event)) {
                void navigate(`/contracts/${contract.id}`);
              }
            },
            style: { cursor: 'pointer' },
          })}
        />
        {rows.length > 0 ? (
          <ListFooter
            pages={list}
            testId="contracts-count"
            summary={
              first?.total === null || first?.total === undefined
                ? t('contracts.list.shown', { count: rows.length })
                : t('contracts.list.shownOfTotal', { count: rows.length, total: first.total })
            }
          />
        ) : null}
      </Card>
      {creating ? (
        <ContractFormDrawer
          contract={null}
          onClose={() => setCreating(false)}
          onSaved={(contract) => void navigate(`/contracts/${contract.id}`)}
        />
      ) : null}
    </Flex>
  );
}
