import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** A break-glass link issued from the server console that this owner has not acknowledged yet. */
export interface BreakGlassNotice {
  id: number;
  occurredAt: string;
  /** The recovered owner's e-mail. */
  targetLabel: string | null;
  ip: string | null;
  /** The server's host name, as the console reported it. */
  host: string | null;
}

/** GET /api/admin/notices: owners only; everyone else gets `{ singleOwner: false, breakGlass: [] }`. */
export interface OwnerNotices {
  singleOwner: boolean;
  breakGlass: BreakGlassNotice[];
}

export const ownerNoticesQueryKey = ['owner-notices'] as const;
export const MEMBERS_PATH = '/settings/members';
export const AUDIT_PATH = '/settings/audit';

export function useOwnerNotices(enabled: boolean) {
  return useQuery({
    queryKey: ownerNoticesQueryKey,
    queryFn: () => api.get<OwnerNotices>('/admin/notices'),
    enabled,
    staleTime: 60_000,
  });
}

export function useAcknowledgeBreakGlass() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<void>(`/admin/notices/break-glass/${id}/acknowledge`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownerNoticesQueryKey }),
  });
}
