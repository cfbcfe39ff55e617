import { useQueryClient } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TrashPage } from '../crm/trash-page';
import type { TrashedCustomer } from '../customers/customer-types';
import { leadApi, refreshLeads, useLeadTrash } from './lead-api';

/** Leads deleted in the last 30 days: who deleted them, when, and a way back. */
export function LeadTrashPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <TrashPage
      section={{ path: '/leads', title: t('leads.title') }}
      title={t('leads.trash.title')}
      description={t('leads.trash.description')}
      emptyText={t('customers.trash.empty')}
      pages={useLeadTrash()}
      columns={[
        {
          title: t('leads.field.name'),
          key: 'name',
          render: (_, lead: TrashedCustomer) => <Typography.Text strong>{lead.name}</Typography.Text>,
        },
      ]}
      restore={(lead) => leadApi.restore(lead.id)}
      refresh={() => refreshLeads(queryClient)}
      restored={(lead) => ({
        message: t('customers.trash.restored', { name: lead.name }),
        openLabel: t('customers.trash.open360'),
        openPath: `/leads/${lead.id}`,
      })}
      restoreLabel={(lead) => t('customers.trash.restoreFor', { name: lead.name })}
    />
  );
}
