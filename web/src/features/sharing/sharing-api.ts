import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The record kinds that can be shared, as they appear in the API paths. */
export type ShareableKind = 'customers' | 'deals' | 'contracts' | 'leads';

export interface RecordShare {
  id: string;
  name: string;
  email: string;
  role: string;
  sharedAt: string;
  sharedBy: { id: string; name: string } | null;
}

export interface ShareList {
  items: RecordShare[];
  /** The caller may share and unshare (the record's owner, or crm.writeAll within scope). */
  canShare: boolean;
  /** The caller sees the record because it is shared with him. */
  sharedWithMe: boolean;
}

export interface ShareCandidate {
  id: string;
  name: string;
  email: string;
  role: string;
}

const sharesPath = (kind: ShareableKind, id: string) => `/${kind}/${encodeURIComponent(id)}/shares`;

export const sharingKeys = {
  all: ['shares'] as const,
  record: (kind: ShareableKind, id: string) => ['shares', kind, id] as const,
  candidates: ['shares', 'candidates'] as const,
};

export const sharingApi = {
  list: (kind: ShareableKind, id: string) => api.get<ShareList>(sharesPath(kind, id)),
  share: (kind: ShareableKind, id: string, userIds: string[]) =>
    api.post<ShareList & { added: number }>(sharesPath(kind, id), { userIds }),
  unshare: (kind: ShareableKind, id: string, userId: string) =>
    api.delete<ShareList>(`${sharesPath(kind, id)}/${encodeURIComponent(userId)}`),
  candidates: () => api.get<{ items: ShareCandidate[] }>('/sharing/members'),
};

export function useShares(kind: ShareableKind, id: string) {
  return useQuery({ queryKey: sharingKeys.record(kind, id), queryFn: () => sharingApi.list(kind, id) });
}

export function useShareCandidates() {
  return useQuery({ queryKey: sharingKeys.candidates, queryFn: sharingApi.candidates });
}

/** Share or unshare; the answer is the new list, and the record's history gains a row, so both are refreshed. */
export function useShareMutations(kind: ShareableKind, id: string) {
  const queryClient = useQueryClient();
  const settle = (list: ShareList) => {
    queryClient.setQueryData(sharingKeys.record(kind, id), list);
    void queryClient.invalidateQueries({ queryKey: [kind] });
  };
  const share = useMutation({
    mutationFn: (userIds: string[]) => sharingApi.share(kind, id, userIds),
    onSuccess: settle,
  });
  const unshare = useMutation({
    mutationFn: (userId: string) => sharingApi.unshare(kind, id, userId),
    onSuccess: settle,
  });
  return { share, unshare };
}
