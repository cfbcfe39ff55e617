import { z } from 'zod';
import type { Permission } from '../roles.ts';

/** What a token may do, each the role permission it needs as well (the token never exceeds its owner's role). */
export const apiTokenScopes = ['crm:read', 'crm:write', 'crm:delete'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

export const scopePermission: Record<ApiTokenScope, Permission> = {
  'crm:read': 'crm.read',
  'crm:write': 'crm.write',
  'crm:delete': 'crm.delete',
};

/**
 * Each scope includes the ones before it, as the role permissions do (writing needs reading, trashing needs writing):
 * a write-only token could do nothing, so the implied scopes are stored with it.
 */
export function withImpliedScopes(scopes: readonly ApiTokenScope[]): ApiTokenScope[] {
  const highest = Math.max(...scopes.map((scope) => apiTokenScopes.indexOf(scope)));
  return apiTokenScopes.slice(0, highest + 1);
}

export const MAX_LIVE_TOKENS_PER_USER = 20;
/** Every token expires; a year is the longest a forgotten script keeps a way in. */
export const MAX_LIFETIME_DAYS = 366;
export const MIN_LIFETIME_MS = 60 * 60_000;

export const apiTokenCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  scopes: z
    .array(z.enum(apiTokenScopes))
    .min(1)
    .max(apiTokenScopes.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: 'duplicate scope' }),
  /** The web app offers 30, 90, 180 or 365 days, or a date; the server only checks the bounds. */
  expiresAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
});
export type ApiTokenCreateInput = z.infer<typeof apiTokenCreateBody>;

export const apiTokenParams = z.strictObject({ id: z.string().max(100) });

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token (`clt_AbCd12`), for recognising it; never enough to use it. */
  prefix: z.string(),
  scopes: z.array(z.enum(apiTokenScopes)),
  createdAt: z.date(),
  expiresAt: z.date(),
  expired: z.boolean(),
  lastUsedAt: z.date().nullable(),
  lastUsedIp: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

/** `allowedScopes`: what the caller's role lets a token carry (the form offers only these). */
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema), limit: z.number(), allowedScopes: z.array(z.enum(apiTokenScopes)) });

/** Returned once, at creation: the only time the secret leaves the server. */
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });

export const orgApiTokenSchema = apiTokenSchema.extend({
  owner: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() }),
});
export const orgApiTokenListSchema = z.object({ items: z.array(orgApiTokenSchema) });
