import { useQueryClient } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TrashPage } from '../crm/trash-page';
import { contractApi, refreshContracts, useContractTrash } from './contract-api';
import { Money } from './contract-cells';
import type { TrashedContract } from './contract-types';

/** Contracts moved to the trash on their own in the last 30 days (with their payments), and a way back. */
export function ContractTrashPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <TrashPage
      section={{ path: '/contracts', title: t('contracts.title') }}
      title={t('contracts.trash.title')}
      description={t('contracts.trash.description')}
      emptyText={t('contracts.trash.empty')}
      pages={useContractTrash()}
      columns={[
        {
          title: t('contracts.field.number'),
          key: 'number',
          render: (_, contract: TrashedContract) => (
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
      ]}
      restore={(contract) => contractApi.restore(contract.id)}
      refresh={() => refreshContracts(queryClient)}
      restored={(contract) => ({
        message: t('contracts.trash.restored', { number: contract.number }),
        openLabel: t('contracts.trash.openContract'),
        openPath: `/contracts/${contract.id}`,
      })}
      restoreLabel={(contract) => t('contracts.trash.restoreFor', { number: contract.number })}
    />
  );
}
