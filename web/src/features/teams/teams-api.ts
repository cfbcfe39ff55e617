import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RoleName } from '../../api/types';

/** A sales team: the unit of a manager's data scope (a manager sees the records of his team mates). */
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  members: { id: string; name: string; role: RoleName }[];
}

export const teamsQueryKey = ['teams'] as const;

const teamPath = (id: string, suffix = '') => `/teams/${encodeURIComponent(id)}${suffix}`;

export const teamsApi = {
  list: () => api.get<{ items: Team[] }>('/teams'),
  create: (name: string) => api.post<Team>('/teams', { name }),
  rename: (id: string, name: string) => api.patch<Team>(teamPath(id), { name }),
  remove: (id: string) => api.delete<unknown>(teamPath(id)),
  setMembers: (id: string, userIds: string[]) => api.put<Team>(teamPath(id, '/members'), { userIds }),
};

/** GET /api/teams needs members.read; pass enabled=false for roles without it. */
export function useTeams(enabled = true) {
  return useQuery({ queryKey: teamsQueryKey, queryFn: teamsApi.list, enabled });
}

/** Team changes also change what managers see: the CRM lists follow. */
export function refreshTeams(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: teamsQueryKey }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  ]);
}
