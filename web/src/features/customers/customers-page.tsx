import { DeleteOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table } from 'antd';
import type { MouseEvent } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { ExportMenu } from '../crm/export-menu';
import { ImportButton } from '../imports/import-button';
import { SavedViews } from '../crm/saved-views';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { customerExportQuery, useCustomerList } from './customer-api';
import { customerColumns } from './customer-columns';
import {
  CUSTOMER_COLUMN_KEYS,
  readStoredColumns,
  storeColumns,
  type CustomerColumnKey,
} from './customer-columns-store';
import { CustomerFilterBar } from './customer-filter-bar';
import { DEFAULT_CUSTOMER_FILTERS, filtersFromSearch, filtersToSearch, hasNarrowingFilters } from './customer-filters';
import { CustomerFormDrawer } from './customer-form-drawer';
import type { Customer, CustomerListFilters, CustomerSortKey } from './customer-types';
import { ColumnChooser } from './column-chooser';
import { TransferDialog } from './transfer-dialog';
import { useDeleteCustomers } from './use-delete-customers';
import { BulkSelectionBar, isRowClick } from '../crm/bulk-selection-bar';
import { ListLoadError } from '../../components/list-load-error';

/**
 * The customer list: search and filters in the address, sorting and cursor pagination on the server, a column chooser
 * remembered per browser, and bulk transfer / move to trash for the selected rows.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  const list = useCustomerList(filters);
  const [columns, setColumns] = useState<CustomerColumnKey[]>(readStoredColumns);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [transferring, setTransferring] = useState<Customer[] | null>(null);
  const deleteCustomers = useDeleteCustomers();

  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? null;
  const selected = rows.filter((customer) => selectedIds.includes(customer.id));
  const canTransfer = permissions.canWrite && permissions.canListMembers;
  const selectable = canTransfer || permissions.canDelete;

  const update = useCallback(
    (changes: Partial<CustomerListFilters>) => {
      setSearchParams((current) => filtersToSearch({ ...filtersFromSearch(current), ...changes }), { replace: true });
      setSelectedIds([]);
    },
    [setSearchParams],
  );
  const clear = () => update({ ...DEFAULT_CUSTOMER_FILTERS, sort: filters.sort, order: filters.order });
  const chooseColumns = (next: CustomerColumnKey[]) => {
    setColumns(next);
    storeColumns(next);
  };
  /** A saved view brings back its filters and sort, and its columns (a view without any keeps the current ones). */
  const applyView = (search: URLSearchParams, viewColumns: string[]) => {
    setSearchParams(filtersToSearch(filtersFromSearch(search)));
    setSelectedIds([]);
    if (viewColumns.length > 0) {
      chooseColumns(CUSTOMER_COLUMN_KEYS.filter((key) => viewColumns.includes(key)));
    }
  };

  const narrowed = hasNarrowingFilters(filters);
  const empty =
    !list.isPending && !list.isError && rows.length === 0 ? (
      narrowed ? (
        <Empty description={t('customers.list.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Button onClick={clear}>{t('customers.filter.clear')}</Button>
        </Empty>
      ) : (
        <Empty description={t('customers.list.empty')} data-testid="customers-empty">
          {permissions.canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('customers.new')}
            </Button>
          ) : null}
        </Empty>
      )
    ) : undefined;

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('customers.title')}
        description={t('customers.description')}
        actions={
          <>
            {permissions.canDelete ? (
              <Button icon={<DeleteOutlined />} onClick={() => void navigate('/customers/trash')}>
                {t('customers.trash.open')}
              </Button>
            ) : null}
            {permissions.canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('customers.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex justify="space-between" align="center" gap={12} wrap>
        <CustomerFilterBar filters={filters} onChange={update} onClear={clear} />
        <Flex gap={8} style={{ marginLeft: 'auto' }}>
          <SavedViews
            list="customers"
            search={new URLSearchParams(filtersToSearch(filters))}
            columns={columns}
            onApply={applyView}
          />
          <ColumnChooser value={columns} onChange={chooseColumns} />
          <ImportButton recordType="customer" />
          <ExportMenu kind="customers" query={customerExportQuery(filters)} />
        </Flex>
      </Flex>
      {selected.length > 0 ? (
        <BulkSelectionBar
          testId="customer-bulk-actions"
          summary={t('customers.bulk.selected', { count: selected.length })}
          onClear={() => setSelectedIds([])}
        >
          {canTransfer ? (
            <Button
              size="small"
              icon={<SwapOutlined />}
              disabled={selected.some((customer) => !customer.canEdit)}
              title={selected.some((customer) => !customer.canEdit) ? t('customers.bulk.notAllEditable') : undefined}
              onClick={() => setTransferring(selected)}
            >
              {t('customers.action.transfer')}
            </Button>
          ) : null}
          {permissions.canDelete ? (
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              disabled={selected.some((customer) => !customer.canDelete)}
              title={selected.some((customer) => !customer.canDelete) ? t('customers.bulk.notAllDeletable') : undefined}
              onClick={() => deleteCustomers(selected, () => setSelectedIds([]))}
            >
              {t('customers.action.delete')}
            </Button>
          ) : null}
        </BulkSelectionBar>
      ) : null}
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {list.isError ? <ListLoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Customer>
          rowKey="id"
          size="middle"
          columns={customerColumns(t, columns, filters)}
          dataSource={rows}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          showSorterTooltip={false}
          locale={empty ? { emptyText: empty } : undefined}
          onChange={(_pagination, _filters, sorter) => {
            const single = Array.isArray(sorter) ? sorter[0] : sorter;
            if (!single?.order || typeof single.columnKey !== 'string') {
              update({ sort: DEFAULT_CUSTOMER_FILTERS.sort, order: DEFAULT_CUSTOMER_FILTERS.order });
            } else {
              update({ sort: single.columnKey as CustomerSortKey, order: single.order === 'ascend' ? 'asc' : 'desc' });
            }
          }}
          onRow={(customer) => ({
            onClick: (event: MouseEvent<HTMLElement>) => {
              if (isRowClick(event)) {
                void navigate(`/customers/${customer.id}`);
              }
            },
            style: { cursor: 'pointer' },
          })}
          {...(selectable
            ? {
                rowSelection: {
                  selectedRowKeys: selectedIds,
                  onChange: (keys) => setSelectedIds(keys.map(String)),
                  getCheckboxProps: (customer: Customer) => ({
                    disabled: !customer.canEdit && !customer.canDelete,
                    'aria-label': t('customers.bulk.selectRow', { name: customer.name }),
                  }),
                },
              }
            : {})}
        />
        {rows.length > 0 ? (
          <ListFooter
            pages={list}
            testId="customers-count"
            summary={
              total === null
                ? t('customers.list.shown', { count: rows.length })
                : t('customers.list.shownOfTotal', { count: rows.length, total })
            }
          />
        ) : null}
      </Card>
      {creating ? (
        <CustomerFormDrawer
          customer={null}
          onClose={() => setCreating(false)}
          onSaved={(customer) => void navigate(`/customers/${customer.id}`)}
        />
      ) : null}
      {transferring ? (
        <TransferDialog
          customers={transferring}
          onClose={() => setTransferring(null)}
          onTransferred={() => setSelectedIds([])}
        />
      ) : null}
    </Flex>
  );
}
