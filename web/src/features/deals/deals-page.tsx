import { AppstoreOutlined, DeleteOutlined, PlusOutlined, SwapOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Segmented, Typography, theme } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ListFooter } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { SavedViews } from '../crm/saved-views';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { OwnerTransferDialog } from '../crm/owner-transfer-dialog';
import { useDealList, useDealTransferOptions } from './deal-api';
import { DealBoard } from './deal-board';
import { DealDetailDrawer } from './deal-detail-drawer';
import { DealFilterBar } from './deal-filter-bar';
import {
  DEFAULT_DEAL_FILTERS,
  dealFiltersFromSearch,
  dealFiltersToSearch,
  hasNarrowingDealFilters,
  viewFromSearch,
  type DealView,
} from './deal-filters';
import { DealFormDrawer } from './deal-form-drawer';
import { DealSums } from './deal-sums';
import { DealTable } from './deal-table';
import type { Deal, DealFilters } from './deal-types';
import { ListLoadError } from '../../components/list-load-error';

/** The list view: the table with server-side sorting, sums of the matching deals and bulk transfer. */
function DealListView({
  filters,
  onChange,
  onOpen,
  onClear,
}: {
  filters: DealFilters;
  onChange: (changes: Partial<DealFilters>) => void;
  onOpen: (deal: Deal) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const permissions = useCrmPermissions();
  const list = useDealList(filters);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [transferring, setTransferring] = useState<Deal[] | null>(null);
  const transferOptions = useDealTransferOptions();
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const selected = rows.filter((deal) => selectedIds.includes(deal.id));
  const canTransfer = permissions.canWrite && permissions.canListMembers;

  const empty =
    !list.isPending && !list.isError && rows.length === 0 ? (
      hasNarrowingDealFilters(filters) ? (
        <Empty description={t('deals.list.noMatch')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Button onClick={onClear}>{t('deals.filter.clear')}</Button>
        </Empty>
      ) : (
        <Empty description={t('deals.list.empty')} data-testid="deals-empty" />
      )
    ) : undefined;

  return (
    <Flex vertical gap={12}>
      {first?.sums && first.sums.length > 0 ? <DealSums sums={first.sums} /> : null}
      {selected.length > 0 ? (
        <Flex
          gap={8}
          align="center"
          wrap
          style={{ padding: '8px 12px', background: token.colorPrimaryBg, borderRadius: token.borderRadiusLG }}
        >
          <Typography.Text strong>{t('deals.bulk.selected', { count: selected.length })}</Typography.Text>
          <Button
            size="small"
            icon={<SwapOutlined />}
            disabled={selected.some((deal) => !deal.canEdit)}
            onClick={() => setTransferring(selected)}
          >
            {t('deals.action.transfer')}
          </Button>
          <Button size="small" type="link" onClick={() => setSelectedIds([])}>
            {t('deals.bulk.clear')}
          </Button>
        </Flex>
      ) : null}
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {list.isError ? <ListLoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <DealTable
          deals={rows}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          sort={filters}
          onSort={(sort, order) =>
            onChange(
              sort === null ? { sort: DEFAULT_DEAL_FILTERS.sort, order: DEFAULT_DEAL_FILTERS.order } : { sort, order },
            )
          }
          onOpen={onOpen}
          emptyText={empty}
          {...(canTransfer
            ? {
                rowSelection: {
                  selectedRowKeys: selectedIds,
                  onChange: (keys) => setSelectedIds(keys.map(String)),
                  getCheckboxProps: (deal: Deal) => ({
                    disabled: !deal.canEdit,
                    'aria-label': t('deals.bulk.selectRow', { name: deal.name }),
                  }),
                },
              }
            : {})}
        />
        {rows.length > 0 ? (
          <ListFooter
            pages={list}
            testId="deals-count"
            summary={
              typeof first?.total === 'number'
                ? t('deals.list.shownOfTotal', { count: rows.length, total: first.total })
                : t('deals.list.shown', { count: rows.length })
            }
          />
        ) : null}
      </Card>
      {transferring ? (
        <OwnerTransferDialog
          records={transferring}
          {...transferOptions}
          onClose={() => setTransferring(null)}
          onTransferred={() => setSelectedIds([])}
        />
      ) : null}
    </Flex>
  );
}

/** 商机 / Deals: the pipeline as a kanban board or a list, with the same filters in the address. */
export function DealsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => dealFiltersFromSearch(searchParams), [searchParams]);
  const view = viewFromSearch(searchParams);
  const openDealId = searchParams.get('deal');
  const [creating, setCreating] = useState(false);

  const setParam = useCallback(
    (key: string, value: string | null) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === null) {
            next.delete(key);
          } else {
            next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const update = useCallback(
    (changes: Partial<DealFilters>) =>
      setSearchParams((current) => dealFiltersToSearch({ ...dealFiltersFromSearch(current), ...changes }, current), {
        replace: true,
      }),
    [setSearchParams],
  );
  const clear = () => update({ ...DEFAULT_DEAL_FILTERS, sort: filters.sort, order: filters.order });
  const open = (deal: Deal) => setParam('deal', deal.id);
  // Board or list stays as the user has it: a view is about which deals, not how they are drawn.
  const applyView = (search: URLSearchParams) =>
    setSearchParams((current) => {
      const next = dealFiltersToSearch(dealFiltersFromSearch(search), current);
      delete next.deal;
      return next;
    });

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('deals.title')}
        description={t('deals.description')}
        actions={
          <>
            <Segmented<DealView>
              value={view}
              onChange={(next) => setParam('view', next === 'list' ? 'list' : null)}
              options={[
                { value: 'board', icon: <AppstoreOutlined />, label: t('deals.view.board') },
                { value: 'list', icon: <UnorderedListOutlined />, label: t('deals.view.list') },
              ]}
            />
            {permissions.canDelete ? (
              <Button icon={<DeleteOutlined />} onClick={() => void navigate('/deals/trash')}>
                {t('deals.trash.open')}
              </Button>
            ) : null}
            {permissions.canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('deals.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {/* The filters wrap beside the views button rather than pushing it onto a line of its own. */}
      <Flex align="flex-start" gap={12}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <DealFilterBar filters={filters} onChange={update} onClear={clear} showStage={view === 'list'} />
        </div>
        <div style={{ flex: 'none' }}>
          <SavedViews
            list="deals"
            search={new URLSearchParams(dealFiltersToSearch(filters, searchParams))}
            exclude={['view', 'deal']}
            onApply={applyView}
          />
        </div>
      </Flex>
      {view === 'board' ? (
        <DealBoard filters={filters} onOpen={open} />
      ) : (
        <DealListView filters={filters} onChange={update} onOpen={open} onClear={clear} />
      )}
      {creating ? (
        <DealFormDrawer deal={null} onClose={() => setCreating(false)} onSaved={(deal) => setParam('deal', deal.id)} />
      ) : null}
      {openDealId ? (
        <DealDetailDrawer key={openDealId} dealId={openDealId} onClose={() => setParam('deal', null)} />
      ) : null}
    </Flex>
  );
}
