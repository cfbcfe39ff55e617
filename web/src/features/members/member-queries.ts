import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MemberListItem, RoleInfo } from '../../api/types';
import { memberAdminApi } from './member-admin-api';

export const membersQueryKey = ['members'] as const;
export const approvalsQueryKey = ['approvals'] as const;
export const memberEventsQueryKey = (id: string) => ['member-events', id] as const;

/** `enabled`: false for roles without members.read (the CRM's pickers ask only when they may). */
export function useMembers(enabled = true) {
  return useQuery({ queryKey: membersQueryKey, queryFn: () => api.get<MemberListItem[]>('/members'), enabled });
}

export function useRoles(enabled: boolean) {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<RoleInfo[]>('/roles'), enabled, staleTime: Infinity });
}

/** Requests under the two-person rule; only members.manage may read them. */
export function useApprovals(enabled: boolean) {
  return useQuery({ queryKey: approvalsQueryKey, queryFn: memberAdminApi.approvals, enabled });
}

export function useMemberEvents(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: memberEventsQueryKey(id ?? ''),
    queryFn: () => memberAdminApi.events(id ?? ''),
    enabled: enabled && id !== null,
  });
}

/** After an admin action: the list, the approvals and every member's recent events may have changed. */
export function refreshMembers(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: membersQueryKey }),
    queryClient.invalidateQueries({ queryKey: approvalsQueryKey }),
    queryClient.invalidateQueries({ queryKey: ['member-events'] }),
  ]);
}
