import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUndoMessage } from '../crm/use-undo-message';
import { customerApi, refreshCustomers } from './customer-api';
import type { Customer } from './customer-types';

type Deletable = Pick<Customer, 'id' | 'name'>;

/** Runs `call` for each id, a few at a time; resolves with the ids that succeeded and the first error. */
async function forEachId(ids: string[], call: (id: string) => Promise<unknown>) {
  const done: string[] = [];
  let firstError: unknown = null;
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await call(id);
        done.push(id);
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return { done, firstError };
}

/**
 * "Move to trash" for one or several customers: a confirmation, then a message with Undo (which restores them). The
 * trash keeps them 30 days.
 */
export function useDeleteCustomers() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showUndo = useUndoMessage();

  const restore = async (ids: string[]) => {
    const { done, firstError } = await forEachId(ids, (id) => customerApi.restore(id));
    void refreshCustomers(queryClient);
    if (done.length > 0) {
      void message.success(t('customers.delete.restored', { count: done.length }));
    }
    if (firstError instanceof Error) {
      void message.error(firstError.message);
    }
  };

  const remove = async (customers: Deletable[], onDeleted?: () => void) => {
    const { done, firstError } = await forEachId(
      customers.map((customer) => customer.id),
      (id) => customerApi.remove(id),
    );
    void refreshCustomers(queryClient);
    if (done.length > 0) {
      const single = customers.length === 1 ? customers[0] : undefined;
      showUndo(
        single
          ? t('customers.delete.doneOne', { name: single.name })
          : t('customers.delete.doneMany', { count: done.length }),
        () => restore(done),
      );
      onDeleted?.();
    }
    if (firstError instanceof Error) {
      void message.error(firstError.message);
    }
  };

  return (customers: Deletable[], onDeleted?: () => void) => {
    const single = customers.length === 1 ? customers[0] : undefined;
    void modal.confirm({
      title: single
        ? t('customers.delete.confirmOne', { name: single.name })
        : t('customers.delete.confirmMany', { count: customers.length }),
      content: t('customers.delete.confirmText'),
      okText: t('customers.delete.submit'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      width: 460,
      onOk: () => remove(customers, onDeleted),
    });
  };
}
