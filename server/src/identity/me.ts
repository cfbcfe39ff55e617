import { z } from 'zod';
import { rolePermissions, isRole } from './roles.ts';
import type { OrganizationRow, SessionRow, UserRow } from './sessions/session.service.ts';
import { passkeyVerifiedUntil } from './stepup/stepup.ts';

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    role: z.string(),
    locale: z.string().nullable(),
    lastSignInAt: z.date().nullable(),
    lastSignInIp: z.string().nullable(),
    passwordChangedAt: z.date().nullable(),
    passwordExpired: z.boolean(),
    emailVerified: z.boolean(),
    phoneVerified: z.boolean(),
  }),
  org: z.object({ id: z.string(), name: z.string() }),
  permissions: z.array(z.string()),
  /**
   * `lostFactorRecovery`: signed in by a reset that replaced a lost second factor (new factors wait out a delay).
   * `passkeyVerifiedUntil`: until when this session may set a new password without the current one, because it proved
   * itself with a user-verified passkey (MF-12); null when it did not, when the step-up window has passed, and in
   * replies other than GET /api/auth/session and the sign-in steps that can involve a passkey.
   */
  session: z.object({ id: z.string(), absoluteExpiresAt: z.date(), idleExpiresAt: z.date().nullable(), lostFactorRecovery: z.boolean(), passkeyVerifiedUntil: z.date().nullable() }),
  /**
   * Ways back into the account and whether the admin requires more. Computed only by GET /api/auth/session (it needs
   * a query the sign-in path should not pay for); null in sign-in, setup, invitation and reset responses — the app
   * reads the session right after those anyway.
   */
  recovery: z.object({ ways: z.number(), setupRequired: z.boolean() }).nullable(),
  /**
   * Two-step verification for this user: required by the org policy for their role, enrolled (an active TOTP device
   * or passkey), the enrolment deadline when one is due, and whether to prompt for a new factor (signed in with a
   * recovery code). Computed by GET /api/auth/session and the second sign-in step; null elsewhere.
   */
  twoStep: z
    .object({
      required: z.boolean(),
      enrolled: z.boolean(),
      deadline: z.date().nullable(),
      setupSuggested: z.boolean(),
      /** Passkeys whose authenticator stopped reporting a backup (BS 1→0, MF-11): prompt until dismissed or a factor is added. */
      backupLostPasskeys: z.array(z.object({ id: z.string(), name: z.string() })),
    })
    .nullable(),
});

/** `POST /api/auth/login` when the password is right and a second factor is enrolled: no session yet. */
export const mfaRequiredSchema = z.object({
  mfaRequired: z.literal(true),
  methods: z.array(z.enum(['passkey', 'totp', 'sms', 'recovery_code'])),
  challenge: z.string(),
  expiresAt: z.date(),
  /** Days "trust this browser" would last if ticked with the code; 0 when not offered (policy off, owner or admin). */
  trustBrowserDays: z.number().int().min(0).max(30),
});

export type TwoStepSummary = NonNullable<z.infer<typeof meSchema>['twoStep']>;

export type RecoverySummary = { ways: number; setupRequired: boolean };

/** The org's maximum password age has passed, or an admin required a new password (both allow only the change). */
export function isPasswordExpired(user: Pick<UserRow, 'passwordChangedAt' | 'passwordChangeRequired'>, organization: OrganizationRow): boolean {
  if (user.passwordChangeRequired) return true;
  const days = organization.securityPolicy.maxAgeDays;
  if (days === null || !user.passwordChangedAt) return false;
  return user.passwordChangedAt.getTime() + days * 86_400_000 <= Date.now();
}

export function toMe(
  user: UserRow,
  organization: OrganizationRow,
  session: SessionRow,
  idleExpiresAt: Date | null,
  recovery: RecoverySummary | null = null,
  twoStep: TwoStepSummary | null = null,
  /** The step-up window (STEP_UP_MINUTES); when given, `session.passkeyVerifiedUntil` is computed. */
  stepUpMinutes: number | null = null,
): z.infer<typeof meSchema> {
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      phone: user.phone,
      role: user.role,
      locale: user.locale,
      lastSignInAt: user.lastSignInAt,
      lastSignInIp: user.lastSignInIp,
      passwordChangedAt: user.passwordChangedAt,
      passwordExpired: isPasswordExpired(user, organization),
      emailVerified: user.emailVerifiedAt !== null,
      phoneVerified: user.phone !== null && user.phoneVerifiedAt !== null,
    },
    org: { id: organization.id, name: organization.name },
    permissions: isRole(user.role) ? [...rolePermissions[user.role]] : [],
    session: {
      id: session.id,
      absoluteExpiresAt: session.absoluteExpiresAt,
      idleExpiresAt,
      lostFactorRecovery: session.lostFactorRecovery,
      passkeyVerifiedUntil: stepUpMinutes === null ? null : passkeyVerifiedUntil(session, stepUpMinutes),
    },
    recovery,
    twoStep,
  };
}

export function idleExpiryFor(session: SessionRow, organization: OrganizationRow): Date | null {
  return session.remember ? null : new Date(session.lastSeenAt.getTime() + organization.securityPolicy.session.idleMinutes * 60_000);
}
