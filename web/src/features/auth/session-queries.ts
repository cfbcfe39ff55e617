import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import type { Me, SetupStatus } from '../../api/types';
import { currentLanguage } from '../../i18n/i18n';
import { LANGUAGE_STORAGE_KEY } from '../../i18n/language';

export const meQueryKey = ['me'] as const;
export const setupStatusQueryKey = ['setup-status'] as const;

export function useSetupStatus() {
  return useQuery({
    queryKey: setupStatusQueryKey,
    queryFn: () => api.get<SetupStatus>('/setup/status'),
    staleTime: Infinity,
    meta: { skipAuthRedirect: true },
  });
}

/** The signed-in user, org and permissions; `null` when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('/auth/session');
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
    meta: { skipAuthRedirect: true },
  });
}

// The last session the shell rendered with. When a session ends, the cache turns to null a moment
// before RequireAuth unmounts the shell; pages still mounted keep rendering with this instead of crashing.
let lastKnownSession: Me | null = null;

/** The current session; only valid inside the signed-in shell, which guarantees it is loaded. */
export function useMe(): Me {
  const { data } = useSession();
  if (data) {
    lastKnownSession = data;
    return data;
  }
  if (!lastKnownSession) {
    throw new Error('useMe() used outside the signed-in app shell');
  }
  return lastKnownSession;
}

export function useHasPermission(): (permission: string) => boolean {
  const { data } = useSession();
  const permissions = data?.permissions ?? [];
  return (permission) => permissions.includes(permission);
}

/** Stores a freshly obtained session (sign-in, setup, invitation) so the shell renders without refetching. */
export function storeSession(queryClient: QueryClient, me: Me): void {
  queryClient.setQueryData(meQueryKey, me);
  queryClient.setQueryData<SetupStatus>(setupStatusQueryKey, { needsSetup: false });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    meta: { skipAuthRedirect: true },
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
      rememberLanguage();
    },
  });
}

/** The sign-out response clears site storage (Clear-Site-Data), which also forgets the chosen UI language. */
function rememberLanguage(): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, currentLanguage());
  } catch {
    // Storage may be unavailable (private mode); the language then follows the browser again.
  }
}
