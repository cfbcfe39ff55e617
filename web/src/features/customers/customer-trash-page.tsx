import { useQueryClient } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TrashPage } from '../crm/trash-page';
import { customerApi, refreshCustomers, useCustomerTrash } from './customer-api';
import type { TrashedCustomer } from './customer-types';

/** Customers deleted in the last 30 days (with their contacts): who deleted them, when, and a way back. */
export function CustomerTrashPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <TrashPage
      section={{ path: '/customers', title: t('customers.title') }}
      title={t('customers.trash.title')}
      description={t('customers.trash.description')}
      emptyText={t('customers.trash.empty')}
      pages={useCustomerTrash()}
      columns={[
        {
          title: t('customers.field.name'),
          key: 'name',
          render: (_, customer: TrashedCustomer) => <Typography.Text strong>{customer.name}</Typography.Text>,
        },
      ]}
      restore={(customer) => customerApi.restore(customer.id)}
      refresh={() => refreshCustomers(queryClient)}
      restored={(customer) => ({
        message: t('customers.trash.restored', { name: customer.name }),
        openLabel: t('customers.trash.open360'),
        openPath: `/customers/${customer.id}`,
      })}
      restoreLabel={(customer) => t('customers.trash.restoreFor', { name: customer.name })}
    />
  );
}
