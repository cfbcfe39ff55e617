import { DeleteOutlined, PlusOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { FilterSelect } from '../../components/filter-select';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { BulkSelectionBar, isRowClick } from '../crm/bulk-selection-bar';
import { ExportMenu } from '../crm/export-menu';
import { OwnerFilter, SearchFilter } from '../crm/list-filters';
import { SavedViews } from '../crm/saved-views';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { OwnerName, RelativeTime } from '../customers/customer-cells';
import { SharedWithYouListMark } from '../sharing/record-sharing';
import { useLeadList } from './lead-api';
import {
  DEFAULT_LEAD_FILTERS,
  hasLeadFilters,
  leadExportQuery,
  leadFiltersFromSearch,
  leadFiltersToSearch,
} from './lead-filters';
import { LeadFormDrawer } from './lead-form-drawer';
import { LeadStatusTag } from './lead-labels';
import { LeadTransferDialog } from './lead-transfer-dialog';
import { LEAD_SOURCES, LEAD_STATUSES, type Lead, type LeadListFilters } from './lead-types';
import { dash } from '../../components/fact-list';
import { ListLoadError } from '../../components/list-load-error';

/** Leads (线索): search and filters in the address, cursor pagination on the server ("load more"). */
export function LeadsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => leadFiltersFromSearch(searchParams), [searchParams]);
  const list = useLeadList(filters);
  const [creating, setCreating] = useState(false);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [transferring, setTransferring] = useState<Lead[] | null>(null);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? null;
  const selected = rows.filter((lead) => selectedIds.includes(lead.id));
  // Bulk selection serves transfers only: a converted lead (read-only) cannot be picked.
  const canTransfer = permissions.canWrite && permissions.canListMembers;

  const update = useCallback(
    (changes: Partial<LeadListFilters>) => {
      setSearchParams((current) => leadFiltersToSearch({ ...leadFiltersFromSearch(current), ...changes }), {
        replace: true,
      });
      setSelectedIds([]);
    },
    [setSearchParams],
  );
  /** A saved view brings back its filters (the lead list has no column chooser). */
  const applyView = (search: URLSearchParams) => {
    setSearchParams(leadFiltersToSearch(leadFiltersFromSearch(search)));
    setSelectedIds([]);
  };
  const onSearch = useCallback((q: string) => update({ q }), [update]);

  const columns: TableColumnsType<Lead> = [
    {
      title: t('leads.field.name'),
      key: 'name',
      render: (_, lead) => (
        <>
          <Typography.Text strong>{lead.name}</Typography.Text>
          <SharedWithYouListMark shared={lead.sharedWithMe} />
        </>
      ),
    },
    { title: t('leads.field.company'), key: 'company', render: (_, lead) => lead.company ?? dash },
    { title: t('leads.field.status'), key: 'status', render: (_, lead) => <LeadStatusTag status={lead.status} /> },
    {
      title: t('leads.field.source'),
      key: 'source',
      render: (_, lead) => (lead.source ? t(`customers.source.${lead.source}`) : dash),
    },
    { title: t('leads.field.phone'), key: 'phone', render: (_, lead) => lead.phone ?? dash },
    { title: t('leads.field.email'), key: 'email', render: (_, lead) => lead.email ?? dash },
    { title: t('leads.field.owner'), key: 'owner', render: (_, lead) => <OwnerName name={lead.ownerName} /> },
    {
      title: t('leads.field.updatedAt'),
      key: 'updatedAt',
      render: (_, lead) => <RelativeTime value={lead.updatedAt} />,
    },
  ];

  const empty =
    !list.isPending && !list.isError && rows.length === 0 ? (
      hasLeadFilters(filters) ? (
        <Empty description={t('leads.list.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Button onClick={() => update(DEFAULT_LEAD_FILTERS)}>{t('customers.filter.clear')}</Button>
        </Empty>
      ) : (
        <Empty description={t('leads.list.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )
    ) : undefined;

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('leads.title')}
        description={t('leads.description')}
        actions={
          <>
            {permissions.canDelete ? (
              <Button icon={<DeleteOutlined />} onClick={() => void navigate('/leads/trash')}>
                {t('customers.trash.open')}
              </Button>
            ) : null}
            {permissions.canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('leads.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={8} wrap align="center">
        <SearchFilter value={filters.q} onChange={onSearch} label={t('leads.filter.search')} width={320} />
        <OwnerFilter
          value={filters.owner}
          onChange={(owner) => update({ owner })}
          labels={{
            label: t('customers.filter.owner'),
            prefix: t('customers.filter.ownerPrefix'),
            everyone: t('customers.filter.ownerEveryone'),
            me: t('customers.filter.ownerMe'),
            none: t('leads.filter.ownerNone'),
          }}
          minWidth={160}
        />
        <FilterSelect
          label={t('leads.field.status')}
          value={filters.status === '' ? undefined : filters.status}
          onChange={(status) => update({ status: status ?? '' })}
          options={LEAD_STATUSES.map((status) => ({ value: status, label: t(`leads.status.${status}`) }))}
          width={120}
        />
        <FilterSelect
          label={t('leads.field.source')}
          value={filters.source === '' ? undefined : filters.source}
          onChange={(source) => update({ source: source ?? '' })}
          options={LEAD_SOURCES.map((source) => ({ value: source, label: t(`customers.source.${source}`) }))}
          width={120}
          popupWidth={160}
        />
        {hasLeadFilters(filters) ? (
          <Button type="link" onClick={() => update(DEFAULT_LEAD_FILTERS)} style={{ paddingInline: 4 }}>
            {t('customers.filter.clear')}
          </Button>
        ) : null}
        <Flex gap={8} style={{ marginLeft: 'auto' }}>
          <SavedViews list="leads" search={new URLSearchParams(leadFiltersToSearch(filters))} onApply={applyView} />
          <ExportMenu
            kind="leads"
            query={leadExportQuery(filters)}
            doneKey="leadTools.exported"
            stepUpReasonKey="leadTools.exportStepUpReason"
          />
        </Flex>
      </Flex>
      {selected.length > 0 ? (
        <BulkSelectionBar
          summary={t('leadTools.bulk.selected', { count: selected.length })}
          onClear={() => setSelectedIds([])}
          testId="lead-bulk-actions"
        >
          <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setTransferring(selected)}>
            {t('leadTools.transfer.open')}
          </Button>
        </BulkSelectionBar>
      ) : null}
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {list.isError ? <ListLoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Lead>
          rowKey="id"
          size="middle"
          data-testid="leads-table"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={empty ? { emptyText: empty } : undefined}
          onRow={(lead) => ({
            onClick: (event: MouseEvent<HTMLElement>) => {
              if (isRowClick(event)) {
                void navigate(`/leads/${lead.id}`);
              }
            },
            style: { cursor: 'pointer' },
          })}
          {...(canTransfer
            ? {
                rowSelection: {
                  selectedRowKeys: selectedIds,
                  onChange: (keys) => setSelectedIds(keys.map(String)),
                  getCheckboxProps: (lead: Lead) => ({
                    disabled: !lead.canEdit,
                    'aria-label': t('leadTools.bulk.selectRow', { name: lead.name }),
                  }),
                },
              }
            : {})}
        />
        {rows.length > 0 ? (
          <ListFooter
            pages={list}
            testId="leads-count"
            summary={
              total === null
                ? t('leads.list.shown', { count: rows.length })
                : t('leads.list.shownOfTotal', { count: rows.length, total })
            }
          />
        ) : null}
      </Card>
      {creating ? (
        <LeadFormDrawer
          lead={null}
          onClose={() => setCreating(false)}
          onSaved={(lead) => void navigate(`/leads/${lead.id}`)}
        />
      ) : null}
      {transferring ? (
        <LeadTransferDialog
          leads={transferring}
          onClose={() => setTransferring(null)}
          onTransferred={() => setSelectedIds([])}
        />
      ) : null}
    </Flex>
  );
}
