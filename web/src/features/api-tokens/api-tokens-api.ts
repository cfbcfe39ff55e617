import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Mirrors server/src/identity/api-tokens/api-token.schema.ts. */
export const apiTokenScopes = ['crm:read', 'crm:write', 'crm:delete'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

export interface ApiTokenList {
  items: ApiToken[];
  limit: number;
  allowedScopes: ApiTokenScope[];
}

export interface CreatedApiToken extends ApiToken {
  /** The secret: in this response only, never again. */
  token: string;
}

export interface OrgApiToken extends ApiToken {
  owner: { id: string; name: string; email: string; role: string };
}

export const myApiTokensKey = ['api-tokens', 'mine'] as const;
export const orgApiTokensKey = ['api-tokens', 'organization'] as const;

export const apiTokensApi = {
  listMine: () => api.get<ApiTokenList>('/me/api-tokens'),
  create: (input: { name: string; scopes: ApiTokenScope[]; expiresAt: string }) =>
    api.post<CreatedApiToken>('/me/api-tokens', input),
  revokeMine: (id: string) => api.delete<void>(`/me/api-tokens/${encodeURIComponent(id)}`),
  listOrganization: () => api.get<{ items: OrgApiToken[] }>('/admin/api-tokens'),
  revokeAsAdmin: (id: string) => api.delete<void>(`/admin/api-tokens/${encodeURIComponent(id)}`),
};

export function useMyApiTokens() {
  return useQuery({ queryKey: myApiTokensKey, queryFn: apiTokensApi.listMine });
}

export function useOrgApiTokens(enabled: boolean) {
  return useQuery({ queryKey: orgApiTokensKey, queryFn: apiTokensApi.listOrganization, enabled });
}

export function refreshApiTokens(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
}
