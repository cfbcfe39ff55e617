import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditContext } from '../../http/request-context.ts';
import type { QuotaCaller, QuotaKind, ReadQuotas } from './read-quota.service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A CRM route counted although it does not accept a token (a report listing customers) or is not a GET (the
     * duplicate check): under this quota.
     */
    readQuota?: 'rows' | 'lookups';
  }
}

/** Which quota a request draws on: CRM record reads (GET on a token-accepting route) and explicit lookups. */
function quotaKindOf(request: FastifyRequest): QuotaKind | null {
  const config = request.routeOptions.config;
  if (config.readQuota) return config.readQuota;
  if (!config.acceptsApiToken || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
  const query = request.query as { q?: unknown } | undefined;
  return typeof query?.q === 'string' && query.q.trim() !== '' ? 'lookups' : 'rows';
}

/** The member behind a request (session or API token), as the quotas count and alert. */
export function quotaCaller(request: FastifyRequest, principal: Pick<QuotaCaller, 'user' | 'organization'>): QuotaCaller {
  return { user: principal.user, organization: principal.organization, context: { ...auditContext(request), locale: request.locale } };
}

/**
 * Records in a reply: the entries of its lists of objects (a page's items, search groups, the board's columns' cards);
 * a reply made of pages beside a record (a customer's overview) counts the pages' items and the record; a reply without
 * such lists (one record) counts as one.
 */
export function rowsIn(payload: unknown): number {
  if (Array.isArray(payload)) return payload.length;
  if (payload === null || typeof payload !== 'object') return 1;
  let rows = 0;
  let pages = 0;
  let records = 0;
  for (const value of Object.values(payload)) {
    if (value === null || typeof value !== 'object') continue;
    if (!Array.isArray(value)) {
      const items = (value as { items?: unknown }).items;
      if (Array.isArray(items)) {
        pages += 1;
        rows += items.length;
      } else records += 1;
      continue;
    }
    for (const entry of value as unknown[]) {
      if (entry === null || typeof entry !== 'object') continue;
      const nested = (entry as { items?: unknown }).items;
      rows += Array.isArray(nested) ? nested.length : 1;
    }
  }
  return Math.max(rows + (pages > 0 ? records : 0), 1);
}

/** Checks the quotas after the route's own access check and counts what a successful reply carried. */
export function registerReadQuotaHooks(app: FastifyInstance, quotas: ReadQuotas): void {
  app.addHook('preHandler', async (request) => {
    const kind = quotaKindOf(request);
    const principal = request.apiToken ?? request.auth;
    if (kind && principal) await quotas.admit(quotaCaller(request, principal), kind);
  });
  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    const principal = request.apiToken ?? request.auth;
    if (reply.statusCode < 400 && principal && quotaKindOf(request)) quotas.count(principal, 'rows', rowsIn(payload));
    return payload;
  });
}
