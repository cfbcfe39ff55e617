import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../components/load-more';
import type { Customer } from '../customers/customer-types';
import { useDealList } from './deal-api';
import { DealDetailDrawer } from './deal-detail-drawer';
import { DEFAULT_DEAL_FILTERS } from './deal-filters';
import { DealFormDrawer } from './deal-form-drawer';
import { DealSums } from './deal-sums';
import { DealTable } from './deal-table';
import type { DealFilters } from './deal-types';

/** The customer's deals (those the user may see) with their sums; a new deal starts with the customer filled in. */
export function CustomerDealsTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const filters: DealFilters = useMemo(() => ({ ...DEFAULT_DEAL_FILTERS, customerId: customer.id }), [customer.id]);
  const list = useDealList(filters);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const sums = list.data?.pages[0]?.sums ?? [];
  const newDeal = (
    <Button type={rows.length === 0 ? 'primary' : 'default'} icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('deals.new')}
    </Button>
  );

  return (
    <Flex vertical gap={12}>
      {rows.length > 0 ? (
        <Flex justify="space-between" align="center" gap={12} wrap>
          <DealSums sums={sums} />
          {customer.canEdit ? newDeal : null}
        </Flex>
      ) : null}
      <DealTable
        deals={rows}
        loading={list.isPending}
        onOpen={(deal) => setOpenId(deal.id)}
        showCustomer={false}
        emptyText={
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deals.emptyForCustomer')}>
            {customer.canEdit ? newDeal : null}
          </Empty>
        }
      />
      <LoadMore pages={list} label={t('customers.list.loadMore')} />
      {creating ? (
        <DealFormDrawer
          deal={null}
          customer={customer}
          onClose={() => setCreating(false)}
          onSaved={(deal) => setOpenId(deal.id)}
        />
      ) : null}
      {openId ? <DealDetailDrawer key={openId} dealId={openId} onClose={() => setOpenId(null)} /> : null}
    </Flex>
  );
}
