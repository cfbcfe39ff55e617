import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Member, RoleInfo } from '../../api/types';

export const membersQueryKey = ['members'] as const;

export function useMembers() {
  return useQuery({ queryKey: membersQueryKey, queryFn: () => api.get<Member[]>('/members') });
}

export function useRoles(enabled: boolean) {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<RoleInfo[]>('/roles'), enabled, staleTime: Infinity });
}
