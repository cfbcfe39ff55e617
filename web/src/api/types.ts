/** Types of the Clientele HTTP API (notes/api-contract.md). */

export type Language = 'en' | 'zh-CN';

export type Permission =
  | 'settings.security'
  | 'members.read'
  | 'members.manage'
  | 'audit.read'
  | 'mail.manage'
  | 'outbox.read'
  | 'crm.read'
  | 'crm.write'
  | 'crm.writeAll'
  | 'crm.delete'
  | 'crm.export'
  | 'crm.configure'
  | 'reports.read';

export type RoleName = 'owner' | 'admin' | 'manager' | 'sales' | 'viewer';

export interface MeUser {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: RoleName;
  locale: Language | null;
  lastSignInAt: string | null;
  lastSignInIp: string | null;
  passwordChangedAt: string | null;
  /** The organisation's maximum password age has passed: only changing the password is allowed. */
  passwordExpired: boolean;
  emailVerified: boolean;
  phoneVerified: boolean;
}

/** How many independent ways back into the account the user has (verified channels, later factors). */
export interface MeRecovery {
  ways: number;
  /** Policy or an admin asks this user to add ways back before doing anything else. */
  setupRequired: boolean;
}

/** Two-step verification as it concerns the signed-in user (notes/mfa-design.md). */
export interface MeTwoStep {
  /** The organisation's policy requires a second factor for this user's role. */
  required: boolean;
  /** The user has at least one active factor. */
  enrolled: boolean;
  /** Until when the user may still work without a factor (ISO time); null when nothing is due. */
  deadline: string | null;
  /** Signed in with a recovery code: suggest setting up a new factor right away. */
  setupSuggested?: boolean;
  /** Passkeys that stopped being backed up (MF-11): prompt to add another passkey or keep the recovery codes. */
  backupLostPasskeys?: { id: string; name: string }[];
}

export interface Me {
  user: MeUser;
  org: { id: string; name: string };
  permissions: string[];
  /**
   * `lostFactorRecovery`: this session came from a reset that stood in for a lost two-step device.
   * `passkeyVerifiedUntil`: until then this session may set a new password without the old one (signed in with a
   * user-verified passkey, MF-12); null otherwise and on answers that do not compute it.
   */
  session: {
    id: string;
    absoluteExpiresAt: string;
    idleExpiresAt: string | null;
    lostFactorRecovery: boolean;
    passkeyVerifiedUntil?: string | null;
  };
  /** Only GET /api/auth/session computes it; sign-in, setup and invitation answers carry null. */
  recovery: MeRecovery | null;
  /** Absent or null on answers that do not compute it. */
  twoStep?: MeTwoStep | null;
}

export interface SetupStatus {
  needsSetup: boolean;
}

export interface PasswordProblem {
  code: string;
  params?: Record<string, unknown>;
}

export interface PasswordCheck {
  valid: boolean;
  score: number;
  minLength: number;
  problems: PasswordProblem[];
}

export interface PasswordContext {
  email?: string;
  name?: string;
  orgName?: string;
}

export interface SessionInfo {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  remember: boolean;
}

/** A browser that skips the second sign-in step until `expiresAt` (GET /api/me/trusted-browsers). */
export interface TrustedBrowserInfo {
  id: string;
  /** This request came from that browser. */
  current: boolean;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
}

export type TokenState = { valid: true } | { valid: false; reason?: 'expired' | 'used' | 'invalid' };

export interface InvitationState {
  valid: boolean;
  reason?: string;
  email?: string;
  name?: string;
  orgName?: string;
}

export type MemberStatus = 'active' | 'invited' | 'deactivated' | 'frozen';

export interface Member {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: RoleName;
  status: MemberStatus;
  locked: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  passwordChangedAt: string | null;
  /** An admin asked for a new password: the member can do nothing else until they choose one. */
  passwordChangeRequired: boolean;
  deactivatedAt: string | null;
  /** A scheduled deactivation; the member stays active until then. */
  deactivateAt: string | null;
}

export type TwoStepMethodName = 'passkey' | 'totp' | 'sms';

/** A row of GET /api/members: the member with the admin console's two-step and recovery readiness. */
export interface MemberListItem extends Member {
  /** resetEffectiveAt: an admin's two-step reset waiting out its cool-down takes effect then (AD-02). */
  twoStep: {
    enrolled: boolean;
    methods: TwoStepMethodName[];
    reenrolRequired: boolean;
    resetEffectiveAt: string | null;
  };
  /** Verified channels plus factor ways back; two is the goal. */
  recoveryWays: number;
}

export interface RoleInfo {
  role: RoleName;
  permissions: string[];
}

export interface SecurityPolicy {
  minLength: number;
  minScore: number;
  forbidContextWords: boolean;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  maxAgeDays: number | null;
  expiryReminderDays: number;
  requireTwoStep: boolean;
  lockout: { maxFailures: number; windowMinutes: number; lockMinutes: number };
  session: { idleMinutes: number; absoluteHours: number; allowRemember: boolean; rememberDays: number };
  recovery: RecoveryPolicy;
  twoStep: TwoStepPolicy;
  lifecycle: LifecyclePolicy;
  adminRecovery: AdminRecoveryPolicy;
}

/** How an admin's two-step reset of a member is held back (AD-02). */
export interface AdminRecoveryPolicy {
  /** Hours before the reset takes effect; the member can cancel it meanwhile. 0 = at once. */
  twoStepResetDelayHours: number;
  /** A second owner or admin approves every two-step reset. */
  twoStepResetNeedsApproval: boolean;
}

export interface LifecyclePolicy {
  /** Deactivate members (never owners) not seen for this many days; null = off. */
  disableInactiveAfterDays: number | null;
  /** The reminder goes out this many days before. */
  inactivityReminderDays: number;
}

export interface TwoStepPolicy {
  roles: RoleName[];
  graceDays: number;
  allowSms: boolean;
  trustBrowserDays: number;
  newFactorDelayHours: number;
}

export interface RecoveryPolicy {
  codeDigits: number;
  codeMinutes: number;
  linkMinutes: number;
  securityQuestions: boolean;
  requireTwoWaysBack: boolean;
  antiPhishingPhrase: string;
  /** ISO 3166 region for numbers typed without a country code; null = always type +country code. */
  phoneRegion: string | null;
}

export type PolicyPresetName = 'nist' | 'strictLockout' | 'pci';

export interface SecurityPolicyResponse {
  policy: SecurityPolicy;
  defaults: SecurityPolicy;
  presets: Record<PolicyPresetName, SecurityPolicy>;
  weaknesses: string[];
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  action: string;
  outcome: string;
  actorLabel: string | null;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAtId: number | null;
}

export interface MailSettings {
  transport: 'smtp' | 'outbox';
  smtpHost: string | null;
  from: string;
}

export type MailStatus = 'queued' | 'sent' | 'failed' | 'outbox';

export interface MailMessage {
  id: string;
  toAddress: string;
  subject: string;
  template: string | null;
  status: MailStatus;
  transport: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxSummary {
  id: string;
  toAddress: string;
  subject: string;
  createdAt: string;
}

export interface OutboxMessage extends OutboxSummary {
  textBody: string;
  htmlBody: string | null;
}
