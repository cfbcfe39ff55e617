import { useQueries } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Live CRM records a member owns (contacts counted through their customers). */
export interface OwnedRecords {
  customers: number;
  contacts: number;
}

export const offboardingApi = {
  owned: (userId: string) => api.get<OwnedRecords>(`/crm/owned/${encodeURIComponent(userId)}`),
  /** Needs members.manage and a recent step-up; moves every customer (with its contacts) at once. */
  transferAll: (fromUserId: string, toUserId: string) =>
    api.post<{ customers: number }>('/crm/transfer-all', { fromUserId, toUserId }),
};

/** What each of these members owns, for the deactivation dialog (members.manage only). */
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
