import { and, eq, isNotNull, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import { organizations } from '../orgs/org.tables.ts';
import { recoveryAddresses } from '../recovery/recovery.tables.ts';
import type { Role } from '../roles.ts';
import { users } from '../users/user.tables.ts';
import { smsFactors } from './mfa.tables.ts';

/** Roles that never get SMS codes as a second factor: an account that can change everyone's security needs better. */
export const SMS_EXCLUDED_ROLES: readonly Role[] = ['owner', 'admin'];

/** The policy lets this role use SMS codes as a second factor (org opt-in, never owners or admins). */
export function isSmsAllowedFor(policy: SecurityPolicy, role: string): boolean {
  return policy.twoStep.allowSms && !(SMS_EXCLUDED_ROLES as readonly string[]).includes(role);
}

/**
 * SQL: the `sms_factors` row's number is still one of its user's verified mobiles (primary on `users`, or the verified
 * backup). A number changed or removed since enrolment is a different authenticator (NIST SP 800-63B §3.1.3.3), so
 * the factor stops counting with it. Read here, in SQL, so every "active factor" query can share one rule (the
 * recovery module owns these tables; this is a read, never a write).
 */
const numberStillVerified = or(
  and(eq(users.phone, smsFactors.phone), isNotNull(users.phoneVerifiedAt)),
  sql`exists (select 1 from ${recoveryAddresses} where ${recoveryAddresses.userId} = ${smsFactors.userId} and ${recoveryAddresses.kind} = 'phone' and ${recoveryAddresses.purpose} = 'backup' and ${recoveryAddresses.address} = ${smsFactors.phone} and ${recoveryAddresses.verifiedAt} is not null)`,
);

/** SQL: the organisation's policy allows SMS codes and the user's role may use them (read as they are now). */
const policyAllowsSms = and(sql`(${organizations.securityPolicy} -> 'twoStep' ->> 'allowSms') = 'true'`, notInArray(users.role, [...SMS_EXCLUDED_ROLES]));

/**
 * SQL: the SMS factor is usable — confirmed, its number still verified, SMS allowed for the user's role — whether or
 * not a lost-device delay still holds it back. Needs `users` and `organizations` of the factor's owner in scope.
 * Policy off or the user promoted to admin/owner: the factor counts for nothing (not offered, not enrolled) but stays
 * listed so the user can remove it, and counts again if the policy allows it again while the number is still verified.
 */
export const smsFactorUsable: SQL = and(isNotNull(smsFactors.confirmedAt), numberStillVerified, policyAllowsSms) ?? sql`false`;

/** SQL: usable and past any activation delay — an active factor. Uses the database clock (safe in prepared statements). */
export const smsFactorActive: SQL = and(smsFactorUsable, or(isNull(smsFactors.activatesAt), sql`${smsFactors.activatesAt} <= now()`)) ?? sql`false`;

/** SQL count of a user's active SMS factors, self-contained (joins the owner and the organisation). */
export function activeSmsFactorCount(userId: string): SQL<number> {
  // eq() keeps the columns qualified: bare columns in a select-list fragment render without their table.
  return sql<number>`(select count(*) from ${smsFactors} join ${users} on ${eq(users.id, smsFactors.userId)} join ${organizations} on ${eq(organizations.id, users.orgId)} where ${eq(smsFactors.userId, userId)} and ${smsFactorActive})`;
}
