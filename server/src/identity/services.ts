import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { MailService } from '../messaging/mail.service.ts';
import type { SmsService } from '../messaging/sms.service.ts';
import type { LockoutService } from './lockout/lockout.service.ts';
import type { PasswordHasher } from './passwords/password-hashing.ts';
import type { RecoveryChannelService } from './recovery/recovery-channels.ts';
import type { VerificationCodeService } from './recovery/verification-codes.ts';
import type { Secrets } from './secrets.ts';
import type { SessionService } from './sessions/session.service.ts';
import type { ActionTokenService } from './tokens/action-token.service.ts';
import type { UserService } from './users/user.service.ts';
import type { SecondFactorRegistry } from './mfa/second-factors.ts';

/** The identity building blocks each use case receives; assembled once in http/app.ts. */
export interface IdentityDependencies {
  config: Config;
  db: Database;
  audit: AuditService;
  mail: MailService;
  sms: SmsService;
  lockout: LockoutService;
  hasher: PasswordHasher;
  secrets: Secrets;
  sessions: SessionService;
  tokens: ActionTokenService;
  codes: VerificationCodeService;
  channels: RecoveryChannelService;
  users: UserService;
  /** Second-factor verifiers by method (TOTP and recovery codes from mfa/, passkeys from mfa/passkeys/). */
  secondFactors: SecondFactorRegistry;
}
