import { and, count, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { raise } from '../../http/app-error.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { OrganizationRow, SessionRow, UserRow } from '../sessions/session.service.ts';
import { mfaErrors } from './mfa.errors.ts';
import { passkeys, recoveryCodes, smsFactors, totpFactors } from './mfa.tables.ts';
import { organizations } from '../orgs/org.tables.ts';
import { activeSmsFactorCount, smsFactorActive } from './sms-factor-rules.ts';
import { users } from '../users/user.tables.ts';

export interface TwoStepStatus {
  /** The org policy requires two-step verification for this user's role. */
  required: boolean;
  /** The user has an active TOTP device, passkey or (where the policy allows it) SMS factor. */
  enrolled: boolean;
  /** Until when a user who must enrol may still work without it; null when nothing is due. */
  deadline: Date | null;
  /** The app should prompt to set up a new factor (this session began with a recovery code). */
  setupSuggested: boolean;
  /** Passkeys that stopped being backed up (BS 1→0): prompt to add another passkey or keep the recovery codes (MF-11). */
  backupLostPasskeys: { id: string; name: string }[];
}

export function isTwoStepRequired(policy: SecurityPolicy, role: string): boolean {
  return policy.requireTwoStep && (policy.twoStep.roles as string[]).includes(role);
}

/** max(two_step_enforced_at, user created) + grace days. */
export function enrolmentDeadline(organization: Pick<OrganizationRow, 'twoStepEnforcedAt' | 'securityPolicy'>, user: Pick<UserRow, 'createdAt'>): Date {
  const from = Math.max(organization.twoStepEnforcedAt?.getTime() ?? 0, user.createdAt.getTime());
  return new Date(from + organization.securityPolicy.twoStep.graceDays * 86_400_000);
}

const activeTotp = (now: Date) => and(isNotNull(totpFactors.confirmedAt), or(isNull(totpFactors.activatesAt), lte(totpFactors.activatesAt, now)));
const activePasskey = (now: Date) => or(isNull(passkeys.activatesAt), lte(passkeys.activatesAt, now));

/** Active TOTP devices, passkeys and SMS factors (sms-factor-rules.ts), and unused recovery codes — one statement. */
export async function countActiveFactors(db: Database, userId: string): Promise<{ totp: number; passkeys: number; sms: number; recoveryCodes: number }> {
  const now = new Date();
  const [row] = await db
    .select({
      totp: sql<number>`(select count(*) from ${totpFactors} where ${totpFactors.userId} = ${userId} and ${activeTotp(now)})`,
      passkeys: sql<number>`(select count(*) from ${passkeys} where ${passkeys.userId} = ${userId} and ${activePasskey(now)})`,
      sms: activeSmsFactorCount(userId),
      recoveryCodes: sql<number>`(select count(*) from ${recoveryCodes} where ${recoveryCodes.userId} = ${userId} and ${recoveryCodes.usedAt} is null)`,
    })
    .from(sql`(select 1) as one`);
  return { totp: Number(row?.totp ?? 0), passkeys: Number(row?.passkeys ?? 0), sms: Number(row?.sms ?? 0), recoveryCodes: Number(row?.recoveryCodes ?? 0) };
}

export type ActiveFactorCounts = Awaited<ReturnType<typeof countActiveFactors>>;

/** countActiveFactors for many users at once (the members console): four grouped statements, whatever the count. */
export async function countActiveFactorsForUsers(db: Database, userIds: string[]): Promise<Map<string, ActiveFactorCounts>> {
  const counts = new Map<string, ActiveFactorCounts>(userIds.map((id) => [id, { totp: 0, passkeys: 0, sms: 0, recoveryCodes: 0 }]));
  if (userIds.length === 0) return counts;
  const now = new Date();
  const [totpRows, passkeyRows, smsRows, codeRows] = await Promise.all([
    db.select({ userId: totpFactors.userId, total: count() }).from(totpFactors).where(and(inArray(totpFactors.userId, userIds), activeTotp(now))).groupBy(totpFactors.userId),
    db.select({ userId: passkeys.userId, total: count() }).from(passkeys).where(and(inArray(passkeys.userId, userIds), activePasskey(now))).groupBy(passkeys.userId),
    db
      .select({ userId: smsFactors.userId, total: count() })
      .from(smsFactors)
      .innerJoin(users, eq(users.id, smsFactors.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(inArray(smsFactors.userId, userIds), smsFactorActive))
      .groupBy(smsFactors.userId),
    db.select({ userId: recoveryCodes.userId, total: count() }).from(recoveryCodes).where(and(inArray(recoveryCodes.userId, userIds), isNull(recoveryCodes.usedAt))).groupBy(recoveryCodes.userId),
  ]);
  const add = (rows: { userId: string; total: number }[], key: keyof ActiveFactorCounts) => {
    for (const row of rows) {
      const entry = counts.get(row.userId);
      if (entry) entry[key] = Number(row.total);
    }
  };
  add(totpRows, 'totp');
  add(passkeyRows, 'passkeys');
  add(smsRows, 'sms');
  add(codeRows, 'recoveryCodes');
  return counts;
}

export async function hasActiveFactor(db: Database, userId: string): Promise<boolean> {
  const counts = await countActiveFactors(db, userId);
  return counts.totp + counts.passkeys + counts.sms > 0;
}

/**
 * Ways back from factors for the readiness count: each TOTP device, each passkey, and a recovery-code set. An SMS
 * factor adds none of its own: its number is already counted as a verified channel.
 */
export async function factorWaysBack(db: Database, userId: string): Promise<number> {
  return factorWaysFromCounts(await countActiveFactors(db, userId));
}

export function factorWaysFromCounts(counts: ActiveFactorCounts): number {
  return counts.totp + counts.passkeys + (counts.totp + counts.passkeys + counts.sms > 0 && counts.recoveryCodes > 0 ? 1 : 0);
}

/**
 * Passkeys whose authenticator reported BS=0 after having been backed up (MF-11), while the prompt is due: not dismissed
 * (dismissing clears `backup_lost_at`) and no TOTP device or passkey added since.
 */
export async function backupLostPasskeys(db: Database, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: passkeys.id, name: passkeys.name })
    .from(passkeys)
    .where(
      and(
        eq(passkeys.userId, userId),
        isNotNull(passkeys.backupLostAt),
        sql`not exists (select 1 from ${passkeys} as newer where newer.user_id = ${userId} and newer.created_at > ${passkeys.backupLostAt} and (newer.activates_at is null or newer.activates_at <= now()))`,
        sql`not exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${userId} and ${totpFactors.confirmedAt} > ${passkeys.backupLostAt})`,
      ),
    )
    .orderBy(passkeys.createdAt);
}

/** A recovery code was used within the five minutes before this session began (it was the sign-in's second step). */
async function signedInWithRecoveryCode(db: Database, userId: string, session: Pick<SessionRow, 'createdAt'>): Promise<boolean> {
  const [row] = await db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), gte(recoveryCodes.usedAt, new Date(session.createdAt.getTime() - 5 * 60_000)), lte(recoveryCodes.usedAt, session.createdAt)))
    .limit(1);
  return row !== undefined;
}

export async function twoStepStatus(db: Database, user: UserRow, organization: OrganizationRow, session: Pick<SessionRow, 'createdAt'>): Promise<TwoStepStatus> {
  const byPolicy = isTwoStepRequired(organization.securityPolicy, user.role);
  const required = byPolicy || user.twoStepReenrolRequired;
  const enrolled = await hasActiveFactor(db, user.id);
  const setupSuggested = enrolled && (await signedInWithRecoveryCode(db, user.id, session));
  const backupLost = enrolled ? await backupLostPasskeys(db, user.id) : [];
  // After an admin's two-step reset there is no grace period: the deadline is the reset itself (already past).
  const deadline = enrolled ? null : user.twoStepReenrolRequired ? user.updatedAt : byPolicy ? enrolmentDeadline(organization, user) : null;
  return { required, enrolled, deadline, setupSuggested, backupLostPasskeys: backupLost };
}

/** 409 last_factor_required when the policy requires two-step for the user and `remainingFactors` would be 0. */
export function assertFactorRemovable(user: UserRow, organization: OrganizationRow, remainingFactors: number): void {
  if (remainingFactors < 1 && isTwoStepRequired(organization.securityPolicy, user.role)) raise(mfaErrors.LAST_FACTOR_REQUIRED);
}

/** Routes a user who must enrol may still use after the deadline: sign-in/out, session, step-up and enrolment. */
/** Routes that need no session at all (first run, invitations, API docs, CSP reports) answer as for anyone. */
const PUBLIC_PREFIXES = ['/api/setup', '/api/invitations/', '/api/docs', '/api/openapi.json', '/api/csp-reports'];

function isEnrolmentRoute(method: string, path: string): boolean {
  if (PUBLIC_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))) return true;
  return path.startsWith('/api/auth/') || path === '/api/me/two-step' || path.startsWith('/api/me/two-step/') || (method === 'GET' && path === '/api/auth/session');
}

/**
 * MF-01: after the grace deadline a signed-in user whose role must use two-step verification and who has no active
 * factor gets 403 mfa_enrollment_required from every API but the enrolment routes. Runs after the request context
 * (which resolved the session); costs a query only for users the policy covers.
 */
export function registerTwoStepEnforcement(app: FastifyInstance, db: Database): void {
  app.addHook('onRequest', async (request) => {
    const auth = request.auth;
    if (!auth || !request.url.startsWith('/api/')) return;
    const reenrol = auth.user.twoStepReenrolRequired;
    if (!reenrol && !isTwoStepRequired(auth.organization.securityPolicy, auth.user.role)) return;
    const path = request.url.split('?')[0] ?? request.url;
    if (isEnrolmentRoute(request.method, path)) return;
    if (!reenrol && enrolmentDeadline(auth.organization, auth.user).getTime() > Date.now()) return;
    if (await hasActiveFactor(db, auth.user.id)) {
      // AD-02: the member re-enrolled after an admin's reset; the requirement is met.
      if (reenrol) await db.update(users).set({ twoStepReenrolRequired: false }).where(eq(users.id, auth.user.id));
      return;
    }
    raise(mfaErrors.ENROLLMENT_REQUIRED);
  });
}
