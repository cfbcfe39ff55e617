import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUndoMessage } from '../crm/use-undo-message';
import { contractApi, refreshContracts } from './contract-api';
import type { Contract } from './contract-types';

/** "Move to trash" for a contract: a confirmation, then a message with Undo. The trash keeps it 30 days. */
export function useDeleteContract() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showUndo = useUndoMessage();

  const restore = async (contract: Pick<Contract, 'id' | 'number'>) => {
    try {
      await contractApi.restore(contract.id);
      void message.success(t('contracts.trash.restored', { number: contract.number }));
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      void refreshContracts(queryClient);
    }
  };

  return (contract: Pick<Contract, 'id' | 'number' | 'paymentCount'>, onDeleted?: () => void) => {
    void modal.confirm({
      title: t('contracts.delete.confirm', { number: contract.number }),
      content:
        contract.paymentCount > 0
          ? t('contracts.delete.confirmWithPayments', { count: contract.paymentCount })
          : t('contracts.delete.confirmText'),
      okText: t('contracts.delete.submit'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      width: 460,
      onOk: async () => {
        try {
          await contractApi.remove(contract.id);
          showUndo(t('contracts.delete.done', { number: contract.number }), () => restore(contract));
          onDeleted?.();
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        } finally {
          void refreshContracts(queryClient);
        }
      },
    });
  };
}
