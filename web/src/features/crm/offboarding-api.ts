import { useQueries } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../api/client';

/**
 * Live CRM records a member is responsible for (owned), or that a hand-over moved (transfer-all). Contacts follow
 * their customers; done tasks stay with whoever did them.
 */
export interface HandOverCounts {
  customers: number;
  contacts: number;
  deals: number;
  /** Deals not yet won or lost, among `deals`. */
  openDeals: number;
  contracts: number;
  openTasks: number;
  leads: number;
}

export const offboardingApi = {
  owned: (userId: string) => api.get<HandOverCounts>(`/crm/owned/${encodeURIComponent(userId)}`),
  /** Needs members.manage and a recent step-up; moves customers, deals, contracts and open tasks at once. */
  transferAll: (fromUserId: string, toUserId: string) =>
    api.post<HandOverCounts>('/crm/transfer-all', { fromUserId, toUserId }),
};

/** What each of these members is responsible for, for the deactivation dialog (members.manage only). */
export function useOwnedRecords(userIds: string[]) {
  return useQueries({
    queries: userIds.map((userId) => ({
      queryKey: ['crm-owned', userId],
      queryFn: () => offboardingApi.owned(userId),
      staleTime: 0,
      retry: false,
    })),
  });
}

/** Contacts are not counted: they have no owner of their own and simply follow their customers. */
export function hasRecordsToHandOver(counts: HandOverCounts | undefined): boolean {
  return !!counts && counts.customers + counts.deals + counts.contracts + counts.openTasks + counts.leads > 0;
}

/** "12 customers, 30 contacts, 5 deals (3 open), 2 contracts and 7 open tasks" in the reader's language; "" for none. */
export function describeHandOver(t: TFunction, language: string, counts: HandOverCounts): string {
  const parts = [
    counts.customers > 0 ? t('handOver.customers', { count: counts.customers }) : null,
    counts.contacts > 0 ? t('handOver.contacts', { count: counts.contacts }) : null,
    counts.deals > 0
      ? counts.openDeals === counts.deals
        ? t('handOver.deals', { count: counts.deals })
        : t('handOver.dealsOpen', { count: counts.deals, open: counts.openDeals })
      : null,
    counts.contracts > 0 ? t('handOver.contracts', { count: counts.contracts }) : null,
    counts.openTasks > 0 ? t('handOver.openTasks', { count: counts.openTasks }) : null,
    counts.leads > 0 ? t('handOver.leads', { count: counts.leads }) : null,
  ].filter((part): part is string => part !== null);
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(parts);
}
