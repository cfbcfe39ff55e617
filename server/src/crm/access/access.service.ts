import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import { and, eq, inArray, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { AuditContext } from '../../audit/audit.service.ts';
import { auditContext, requireAuth } from '../../http/request-context.ts';
import { hasPermission } from '../../identity/roles.ts';
import { scopePermission, type ApiTokenScope } from '../../identity/api-tokens/api-token.schema.ts';
import type { OrganizationRow } from '../../identity/sessions/session.service.ts';
import type { Permission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import { isUuid } from '../shared/database.ts';
import type { TeamService } from '../teams/team.service.ts';
import { accessErrors } from './access.errors.ts';
import { crmRecordShares } from './access.tables.ts';

/** Roles that see every record of the organisation (viewers read only). */
export const ORGANISATION_WIDE_ROLES: readonly string[] = ['owner', 'admin', 'viewer'];

export type RecordType = 'customer' | 'deal' | 'contract' | 'task' | 'lead';

/** What one user may see and change, resolved once per request (the manager's team is read here). */
export interface CrmScope {
  userId: string;
  orgId: string;
  role: string;
  /** Owners whose records are visible; null = the whole organisation. */
  ownerIds: string[] | null;
  canWrite: boolean;
  canWriteAll: boolean;
  canDelete: boolean;
}

/** A value in a scope condition: the value itself, or a prepared statement's placeholder for it (boundScope). */
export type ScopeValue = string | Placeholder;

/** What the scope conditions read of a scope: a CrmScope itself, or boundScope's placeholder form of it. */
export interface ScopeTerms {
  orgId: ScopeValue;
  userId: ScopeValue;
  /** As in CrmScope; a placeholder stands for several owners bound as one uuid[] value. */
  ownerIds: readonly ScopeValue[] | Placeholder | null;
  canWrite: boolean;
  canWriteAll: boolean;
}

/**
 * The columns of an owned record table the scope conditions use. Tasks pass their assignee as `ownerUserId`;
 * contacts and follow-ups have no owner of their own and are scoped through their customer.
 */
export interface OwnedRecordColumns {
  recordType: RecordType;
  id: AnyPgColumn;
  orgId: AnyPgColumn;
  ownerUserId: AnyPgColumn;
}

export const customerColumns: OwnedRecordColumns = { recordType: 'customer', id: crmCustomers.id, orgId: crmCustomers.orgId, ownerUserId: crmCustomers.ownerUserId };
export const dealColumns: OwnedRecordColumns = { recordType: 'deal', id: crmDeals.id, orgId: crmDeals.orgId, ownerUserId: crmDeals.ownerUserId };
export const contractColumns: OwnedRecordColumns = { recordType: 'contract', id: crmContracts.id, orgId: crmContracts.orgId, ownerUserId: crmContracts.ownerUserId };
export const taskColumns: OwnedRecordColumns = { recordType: 'task', id: crmTasks.id, orgId: crmTasks.orgId, ownerUserId: crmTasks.assigneeUserId };

export class AccessService {
  constructor(private readonly teams: TeamService) {}

  /**
   * Data scopes: owners, admins and viewers see the whole organisation; a manager sees records owned by himself or a
   * team mate; a salesperson his own. Everyone also sees records shared with him and the public pool (no owner).
   */
  async scopeFor(user: Pick<UserRow, 'id' | 'orgId' | 'role'>): Promise<CrmScope> {
    let ownerIds: string[] | null = [user.id];
    if (ORGANISATION_WIDE_ROLES.includes(user.role)) ownerIds = null;
    else if (user.role === 'manager') ownerIds = await this.teams.teamMateIds(user.orgId, user.id);
    return {
      userId: user.id,
      orgId: user.orgId,
      role: user.role,
      ownerIds,
      canWrite: hasPermission(user.role, 'crm.write'),
      canWriteAll: hasPermission(user.role, 'crm.writeAll'),
      canDelete: hasPermission(user.role, 'crm.delete'),
    };
  }
}

/**
 * A scope as a prepared statement's inputs (crm/shared/statement-shapes.ts): `terms` holds placeholders, `shape` what
 * the SQL depends on (organisation-wide, one owner or several; the write rights) and `values` fills the placeholders.
 */
export function boundScope(scope: CrmScope): { terms: ScopeTerms; shape: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = { 'scope.orgId': scope.orgId, 'scope.userId': scope.userId };
  let ownerIds: ScopeTerms['ownerIds'] = null;
  if (scope.ownerIds?.length === 1) {
    ownerIds = [sql.placeholder('scope.ownerId')];
    values['scope.ownerId'] = scope.ownerIds[0];
  } else if (scope.ownerIds) {
    ownerIds = sql.placeholder('scope.ownerIds');
    values['scope.ownerIds'] = scope.ownerIds;
  }
  const owners = ownerIds === null ? 'organisation' : Array.isArray(ownerIds) ? 'one' : 'several';
  return {
    terms: { orgId: sql.placeholder('scope.orgId'), userId: sql.placeholder('scope.userId'), ownerIds, canWrite: scope.canWrite, canWriteAll: scope.canWriteAll },
    shape: `${owners}:${scope.canWrite ? 'w' : ''}${scope.canWriteAll ? 'a' : ''}`,
    values,
  };
}

function sharedWith(scope: ScopeTerms, columns: OwnedRecordColumns): SQL {
  return inArray(
    columns.id,
    sql`(select ${crmRecordShares.recordId} from ${crmRecordShares} where ${crmRecordShares.userId} = ${scope.userId} and ${crmRecordShares.recordType} = ${columns.recordType})`,
  );
}

/**
 * The one place a data scope becomes SQL: records of `columns`' table the scope may see (trash state is the
 * caller's filter). Every list, search, detail and history query is built on it; nothing is filtered afterwards.
 */
export function visibleRecords(scope: ScopeTerms, columns: OwnedRecordColumns = customerColumns): SQL {
  const organisation = eq(columns.orgId, scope.orgId);
  if (scope.ownerIds === null) return organisation;
  return and(organisation, or(ownedInScope(scope.ownerIds, scope, columns), isNull(columns.ownerUserId), sharedWith(scope, columns))) as SQL;
}

function ownedInScope(ownerIds: readonly ScopeValue[] | Placeholder, scope: ScopeTerms, columns: OwnedRecordColumns): SQL {
  if (!Array.isArray(ownerIds)) return sql`${columns.ownerUserId} = any(${ownerIds}::uuid[])`;
  return ownerIds.length === 1 ? eq(columns.ownerUserId, ownerIds[0] ?? scope.userId) : inArray(columns.ownerUserId, ownerIds);
}

/**
 * Whether the caller sees a record only because it is shared with him (the "Shared with you" tag, on lists too): it has
 * an owner outside his scope and a share row of his — a primary-key lookup per row, never anyone else's shares.
 * Organisation-wide scopes see every record anyway, so they get a constant and no sub-select.
 */
export function sharedOnlyWithCaller(scope: ScopeTerms, columns: OwnedRecordColumns = customerColumns): SQL<boolean> {
  if (scope.ownerIds === null) return sql<boolean>`false`;
  const share = sql`exists (select 1 from ${crmRecordShares} where ${crmRecordShares.userId} = ${scope.userId} and ${crmRecordShares.recordType} = ${columns.recordType} and ${crmRecordShares.recordId} = ${columns.id})`;
  return sql<boolean>`coalesce(${columns.ownerUserId} is not null and not ${ownedInScope(scope.ownerIds, scope, columns)} and ${share}, false)`;
}

/** Visible records the scope may edit: any with crm.writeAll, else its own and those shared with it. */
export function editableRecords(scope: ScopeTerms, columns: OwnedRecordColumns = customerColumns): SQL {
  if (!scope.canWrite) return sql`false`;
  if (scope.canWriteAll) return visibleRecords(scope, columns);
  return and(eq(columns.orgId, scope.orgId), or(eq(columns.ownerUserId, scope.userId), sharedWith(scope, columns))) as SQL;
}

/** Visible records whose owner the scope may change: any with crm.writeAll, else only its own. */
export function transferableRecords(scope: ScopeTerms, columns: OwnedRecordColumns = customerColumns): SQL {
  if (!scope.canWrite) return sql`false`;
  if (scope.canWriteAll) return visibleRecords(scope, columns);
  return and(eq(columns.orgId, scope.orgId), eq(columns.ownerUserId, scope.userId)) as SQL;
}

/**
 * Who calls a CRM route: a signed-in session, or a personal API token acting as its owner. `tokenScopes` is set for a
 * token: each CRM permission then needs the owner's role AND the matching scope; the data scope stays the owner's.
 */
export interface CrmPrincipal {
  user: UserRow;
  organization: OrganizationRow;
  tokenScopes?: readonly ApiTokenScope[];
}

function crmPrincipal(request: FastifyRequest): CrmPrincipal {
  const token = request.apiToken;
  if (token) return { user: token.user, organization: token.organization, tokenScopes: token.scopes };
  return requireAuth(request);
}

/** The role grants the permission and, for a token, so do its scopes. */
function mayCrm(principal: CrmPrincipal, permission: Permission): boolean {
  if (!hasPermission(principal.user.role, permission)) return false;
  if (!principal.tokenScopes) return true;
  return principal.tokenScopes.some((scope) => scopePermission[scope] === permission);
}

/** crm.read, or 403. The CRM's checks are the only ones that accept an API token (request.apiToken). */
export function requireCrmRead(request: FastifyRequest): CrmPrincipal {
  const principal = crmPrincipal(request);
  if (!mayCrm(principal, 'crm.read')) raise(commonErrors.FORBIDDEN);
  return principal;
}

/** reports.read, or 403 (the Reports section). No token scope grants it, so a personal API token gets 403 here. */
export function requireReportsRead(request: FastifyRequest): CrmPrincipal {
  const principal = crmPrincipal(request);
  if (!mayCrm(principal, 'reports.read')) raise(commonErrors.FORBIDDEN);
  return principal;
}

/** Function-level check for every write route, before any record is looked up: read-only roles get 403 crm.read_only. */
export function requireCrmWrite(request: FastifyRequest): CrmPrincipal {
  const principal = requireCrmRead(request);
  if (!mayCrm(principal, 'crm.write')) raise(accessErrors.READ_ONLY);
  return principal;
}

/** Moving records to the trash and back needs crm.delete on top of writing. */
export function requireCrmDelete(request: FastifyRequest): CrmPrincipal {
  const principal = requireCrmWrite(request);
  if (!mayCrm(principal, 'crm.delete')) raise(commonErrors.FORBIDDEN);
  return principal;
}

/** A record id from a path or body: anything that is not a UUID cannot name a record, so it is simply not found. */
export function recordId(raw: string): string {
  if (!isUuid(raw)) raise(accessErrors.NOT_FOUND);
  return raw.toLowerCase();
}

/** Who is calling, as the CRM services need it: the data scope, the user, the org's phone region and audit context. */
export interface CrmCaller {
  scope: CrmScope;
  user: UserRow;
  /** The organisation's phone region (policy.recovery.phoneRegion): numbers without a country code are read in it. */
  phoneRegion: string | null;
  context: AuditContext;
}

export async function resolveCaller(access: AccessService, request: FastifyRequest, auth: CrmPrincipal): Promise<CrmCaller> {
  const scope = await access.scopeFor(auth.user);
  if (auth.tokenScopes) {
    // Services read these flags too (e.g. which records are editable): a token's narrower scopes apply there as well.
    scope.canWrite &&= mayCrm(auth, 'crm.write');
    scope.canWriteAll &&= scope.canWrite;
    scope.canDelete &&= mayCrm(auth, 'crm.delete');
  }
  return {
    scope,
    user: auth.user,
    phoneRegion: auth.organization.securityPolicy.recovery.phoneRegion ?? null,
    context: auditContext(request),
  };
}

/**
 * Route option: runs a permission check before the request is validated, so a caller without the right gets 401/403
 * whatever the body, and never a validation error that describes the route to him. Handlers check again (cheap).
 */
export function checkedFirst(check: (request: FastifyRequest) => unknown, config: FastifyContextConfig = {}) {
  return {
    preValidation: async (request: FastifyRequest) => {
      check(request);
    },
    // Documents the route as accepting a personal API token (http/app.ts adds the OpenAPI security requirement).
    config: { ...config, acceptsApiToken: check === requireCrmRead || check === requireCrmWrite || check === requireCrmDelete },
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by checkedFirst on CRM routes: the OpenAPI document lists the bearer token among their schemes. */
    acceptsApiToken?: boolean;
  }
}
