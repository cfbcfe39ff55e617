import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { publicLink } from '../../config.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { canAssignRole, hasPermission } from '../roles.ts';
import { hashToken } from '../secrets.ts';
import type { IdentityDependencies } from '../services.ts';
import { describeUserAgent, type ClientInfo, type OrganizationRow, type UserRow } from '../sessions/session.service.ts';
import { users } from '../users/user.tables.ts';
import { apiTokenErrors } from './api-token.errors.ts';
import { ApiTokenRepository, type ApiTokenRow } from './api-token.repository.ts';
import {
  apiTokenScopes,
  MAX_LIFETIME_DAYS,
  MAX_LIVE_TOKENS_PER_USER,
  MIN_LIFETIME_MS,
  scopePermission,
  withImpliedScopes,
  type ApiTokenCreateInput,
  type ApiTokenScope,
  type ApiTokenView,
} from './api-token.schema.ts';

export { revokeAllTokensOf } from './api-token.repository.ts';

const TOKEN_PREFIX = 'clt_';
/** `clt_` + base64url of 32 random bytes (43 characters): anything else is refused before touching the database. */
const TOKEN_FORMAT = /^clt_[A-Za-z0-9_-]{43}$/;
/** Characters kept for display: the marker plus six of the secret's 43 — recognisable, useless to a guesser. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** As for sessions: writing last-used on every call would turn every read into a write. */
const TOUCH_INTERVAL_MS = 60_000;

/** A bearer token that may call the API right now: its owner (active, re-read on every request) and its scopes. */
export interface ResolvedApiToken {
  tokenId: string;
  scopes: readonly ApiTokenScope[];
  user: UserRow;
  organization: OrganizationRow;
}

type ServiceContext = AuditContext & { client: ClientInfo; locale: Locale };

export function isApiTokenScope(value: string): value is ApiTokenScope {
  return (apiTokenScopes as readonly string[]).includes(value);
}

/** The scopes a role may put on a token: each needs the role permission behind it. */
export function scopesForRole(role: string): ApiTokenScope[] {
  return apiTokenScopes.filter((scope) => hasPermission(role, scopePermission[scope]));
}

function view(row: ApiTokenRow, now: Date): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiTokenScope),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    expired: row.expiresAt.getTime() <= now.getTime(),
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
  };
}

export class ApiTokenService {
  private readonly repository: ApiTokenRepository;

  constructor(private readonly deps: IdentityDependencies) {
    this.repository = new ApiTokenRepository(deps.db);
  }

  /**
   * The token behind an `Authorization: Bearer` value, or null — one answer for malformed, unknown, expired, revoked
   * or a deactivated owner, so a caller learns nothing about which. The owner's status is read from the database on
   * every request (no cache): a deactivation in any process is seen by every other at once.
   */
  async resolve(raw: string, client: ClientInfo): Promise<ResolvedApiToken | null> {
    if (!TOKEN_FORMAT.test(raw)) return null;
    const row = await this.repository.findByHash(hashToken(raw));
    const now = new Date();
    if (!row || row.token.revokedAt || row.token.expiresAt <= now) return null;
    if (row.user.status !== 'active' || row.token.orgId !== row.user.orgId) return null;
    if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touch(row.token.id, client.ip, now, TOUCH_INTERVAL_MS);
    }
    return { tokenId: row.token.id, scopes: row.token.scopes.filter(isApiTokenScope), user: row.user, organization: row.organization };
  }

  async listOwn(user: UserRow) {
    const now = new Date();
    return { items: (await this.repository.listForUser(user.id, now)).map((row) => view(row, now)), limit: MAX_LIVE_TOKENS_PER_USER, allowedScopes: scopesForRole(user.role) };
  }

  async listOrganization(orgId: string) {
    const now = new Date();
    const rows = await this.repository.listForOrganization(orgId, now);
    return { items: rows.map((row) => ({ ...view(row.token, now), owner: row.owner })) };
  }

  /** Issues a token for the caller (step-up checked by the route); the secret is returned here and never again. */
  async create(user: UserRow, input: ApiTokenCreateInput, context: ServiceContext) {
    const allowed = scopesForRole(user.role);
    const scopes = withImpliedScopes(input.scopes);
    if (scopes.some((scope) => !allowed.includes(scope))) raise(apiTokenErrors.SCOPE_NOT_ALLOWED);
    const now = new Date();
    const lifetime = input.expiresAt.getTime() - now.getTime();
    if (lifetime < MIN_LIFETIME_MS || lifetime > MAX_LIFETIME_DAYS * 86_400_000) raise(apiTokenErrors.EXPIRY_INVALID);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.deps.db.transaction(async (transaction) => {
      // Locks the owner's row so two concurrent creations cannot both pass the count.
      await transaction.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
      if ((await this.repository.countLive(user.id, now, transaction)) >= MAX_LIVE_TOKENS_PER_USER) raise(apiTokenErrors.LIMIT_REACHED);
      return this.repository.insert(
        { orgId: user.orgId, userId: user.id, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), scopes, createdAt: now, expiresAt: input.expiresAt },
        transaction,
      );
    });
    await this.deps.audit.record(
      { action: 'api_token_created', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: { tokenId: row.id, name: row.name, prefix: row.prefix, scopes, expiresAt: row.expiresAt.toISOString() } },
      context,
    );
    await this.notifyCreated(user, row, context);
    return { ...view(row, now), token };
  }

  /** Revokes one of the caller's own tokens; idempotent; another user's id, or none, is 404. */
  async revokeOwn(user: UserRow, id: string, context: ServiceContext): Promise<void> {
    const row = await this.repository.findOwn(user.id, id);
    if (!row) raise(commonErrors.NOT_FOUND);
    await this.revoke(row, user, user.email, context);
  }

  /** An admin revoking any member's token; as everywhere in member administration, only owners act on owners. */
  async revokeAsAdmin(actor: UserRow, id: string, context: ServiceContext): Promise<void> {
    const found = await this.repository.findInOrganization(actor.orgId, id);
    if (!found) raise(commonErrors.NOT_FOUND);
    if (found.token.userId !== actor.id && !canAssignRole(actor.role, found.ownerRole, 'viewer')) raise(commonErrors.FORBIDDEN);
    await this.revoke(found.token, actor, found.ownerEmail, context);
  }

  private async revoke(row: ApiTokenRow, actor: UserRow, ownerEmail: string, context: ServiceContext): Promise<void> {
    if (!(await this.repository.revoke(row.id, actor.id, new Date()))) return;
    await this.deps.audit.record(
      { action: 'api_token_revoked', orgId: row.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: row.userId, targetLabel: ownerEmail, details: { tokenId: row.id, name: row.name, prefix: row.prefix } },
      context,
    );
  }

  /** A new credential on the account is worth a mail: if someone else made it, the owner learns at once. */
  private async notifyCreated(user: UserRow, row: ApiTokenRow, context: ServiceContext): Promise<void> {
    const agent = describeUserAgent(context.client.userAgent);
    await this.deps.mail.send({
      to: user.email,
      userId: user.id,
      template: 'apiTokenCreated',
      locale: userLocale(user, context.locale),
      params: {
        name: user.name,
        tokenName: row.name,
        prefix: row.prefix,
        ip: context.client.ip,
        device: [agent.browser, agent.os].filter(Boolean).join(', ') || '-',
        time: row.createdAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      },
      actionUrl: publicLink(this.deps.config, '/settings/api-tokens'),
    });
  }
}
