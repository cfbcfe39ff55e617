import { useQueryClient } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../crm/money-format';
import { TrashPage } from '../crm/trash-page';
import { dealApi, refreshDeals, useDealTrash } from './deal-api';
import type { TrashedDeal } from './deal-types';

/** Deals deleted in the last 30 days; those that went with their customer come back with it. */
export function DealTrashPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <TrashPage
      section={{ path: '/deals', title: t('deals.title') }}
      title={t('deals.trash.title')}
      description={t('deals.trash.description')}
      emptyText={t('deals.trash.empty')}
      pages={useDealTrash()}
      columns={[
        {
          title: t('deals.field.name'),
          key: 'name',
          render: (_, deal: TrashedDeal) => <Typography.Text strong>{deal.name}</Typography.Text>,
        },
        { title: t('deals.field.customer'), key: 'customer', render: (_, deal) => deal.customerName },
        {
          title: t('deals.field.amount'),
          key: 'amount',
          align: 'right',
          render: (_, deal) => formatMoney(deal.amount, deal.currency, i18n.resolvedLanguage ?? 'en'),
        },
      ]}
      restore={(deal) => dealApi.restore(deal.id)}
      refresh={() => refreshDeals(queryClient)}
      restored={(deal) => ({
        message: t('deals.trash.restored', { name: deal.name }),
        openLabel: t('deals.trash.openDeal'),
        openPath: `/deals?view=list&deal=${deal.id}`,
      })}
      restoreLabel={(deal) => t('deals.trash.restoreFor', { name: deal.name })}
      blockedReason={(deal) => (deal.customerInTrash ? t('deals.trash.withCustomer') : null)}
    />
  );
}
