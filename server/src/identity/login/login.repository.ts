import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { signInFailures } from '../lockout/lockout.tables.ts';
import { passkeys, recoveryCodes, smsFactors, totpFactors } from '../mfa/mfa.tables.ts';
import { smsFactorActive } from '../mfa/sms-factor-rules.ts';
import { ipFailureWindowStart } from '../lockout/lockout.service.ts';
import { organizations } from '../orgs/org.tables.ts';
import { hashToken } from '../secrets.ts';
import { knownDevices } from '../sessions/session.tables.ts';
import type { KnownDeviceRow, OrganizationRow } from '../sessions/session.service.ts';
import { normalizeIdentifier, type UserRow } from '../users/user.service.ts';
import { users } from '../users/user.tables.ts';

export interface SignInLookup {
  /** Failures from the client's IP inside the throttle window, and the oldest of them. */
  ipFailures: number;
  ipOldestFailure: Date | string | null;
  account: {
    user: UserRow;
    organization: OrganizationRow;
    /** Any recorded failure for the account: a clean account needs no write to reset its budget. */
    hasFailures: boolean;
    /** This browser, when the account has signed in from it before. */
    device: KnownDeviceRow | null;
    /** Active second factors (TOTP device, passkey, SMS where the policy allows it) and unused recovery codes. */
    factors: { totp: boolean; passkey: boolean; sms: boolean; recoveryCodes: boolean };
  } | null;
}

function ipFailuresInWindow(db: Database) {
  return db.$with('ip_failures').as(
    db
      .select({ failures: count().as('failures'), oldest: min(signInFailures.createdAt).as('oldest') })
      .from(signInFailures)
      .where(and(eq(signInFailures.ip, sql.placeholder('ip')), gt(signInFailures.createdAt, sql.placeholder('since')))),
  );
}

const hasFailures = sql<boolean>`exists (select 1 from ${signInFailures} where ${signInFailures.userId} = ${users.id})`;

// Second factors, read in the same statement so a password-only sign-in pays no extra round trip. Active = confirmed
// (TOTP) and past any activation delay.
const hasTotp = sql<boolean>`exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${users.id} and ${totpFactors.confirmedAt} is not null and (${totpFactors.activatesAt} is null or ${totpFactors.activatesAt} <= now()))`;
const hasPasskey = sql<boolean>`exists (select 1 from ${passkeys} where ${passkeys.userId} = ${users.id} and (${passkeys.activatesAt} is null or ${passkeys.activatesAt} <= now()))`;
// SMS: also the number still verified and the policy allowing SMS for the role, read from the joined user and org.
const hasSms = sql<boolean>`exists (select 1 from ${smsFactors} where ${eq(smsFactors.userId, users.id)} and ${smsFactorActive})`;
const hasRecoveryCodes = sql<boolean>`exists (select 1 from ${recoveryCodes} where ${recoveryCodes.userId} = ${users.id} and ${recoveryCodes.usedAt} is null)`;
const factorColumns = { hasTotp, hasPasskey, hasSms, hasRecoveryCodes };

function prepareLookup(db: Database, identifierColumn: typeof users.email | typeof users.phone, name: string) {
  const ipFailures = ipFailuresInWindow(db);
  return db
    .with(ipFailures)
    .select({ ipFailures: ipFailures.failures, ipOldestFailure: ipFailures.oldest, user: users, organization: organizations, hasFailures, ...factorColumns })
    .from(ipFailures)
    .leftJoin(users, eq(identifierColumn, sql.placeholder('identifier')))
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .prepare(name);
}

/** The same lookup joined with the known browser: planning the extra join costs more, so it is only used with a device cookie. */
function prepareLookupWithDevice(db: Database, identifierColumn: typeof users.email | typeof users.phone, name: string) {
  const ipFailures = ipFailuresInWindow(db);
  return db
    .with(ipFailures)
    .select({ ipFailures: ipFailures.failures, ipOldestFailure: ipFailures.oldest, user: users, organization: organizations, hasFailures, ...factorColumns, device: knownDevices })
    .from(ipFailures)
    .leftJoin(users, eq(identifierColumn, sql.placeholder('identifier')))
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(knownDevices, and(eq(knownDevices.userId, users.id), eq(knownDevices.tokenHash, sql.placeholder('deviceTokenHash'))))
    .prepare(name);
}

/**
 * The reads of a sign-in in one statement: the IP throttle, the account with its organisation and failure flag, and
 * the known browser. Each query costs a round trip and, on embedded PGlite, main-thread time that competes with
 * argon2; the rules stay in their services (the lockout service judges the IP counts).
 */
export class LoginRepository {
  private readonly byEmail: ReturnType<typeof prepareLookup>;
  private readonly byPhone: ReturnType<typeof prepareLookup>;
  private readonly byEmailWithDevice: ReturnType<typeof prepareLookupWithDevice>;
  private readonly byPhoneWithDevice: ReturnType<typeof prepareLookupWithDevice>;

  constructor(db: Database) {
    this.byEmail = prepareLookup(db, users.email, 'sign_in_lookup_by_email');
    this.byPhone = prepareLookup(db, users.phone, 'sign_in_lookup_by_phone');
    this.byEmailWithDevice = prepareLookupWithDevice(db, users.email, 'sign_in_lookup_by_email_with_device');
    this.byPhoneWithDevice = prepareLookupWithDevice(db, users.phone, 'sign_in_lookup_by_phone_with_device');
  }

  async findSignInLookup(rawIdentifier: string, ip: string, deviceToken: string | undefined): Promise<SignInLookup> {
    const identifier = normalizeIdentifier(rawIdentifier);
    const isPhone = identifier?.kind === 'phone';
    // An identifier that is neither an e-mail nor a phone number matches no account but still gets the IP check.
    const values = { ip, since: ipFailureWindowStart(), identifier: identifier?.value ?? null };
    const hasDeviceCookie = deviceToken !== undefined && /^[A-Za-z0-9_-]{43}$/.test(deviceToken);
    const [row] = hasDeviceCookie
      ? await (isPhone ? this.byPhoneWithDevice : this.byEmailWithDevice).execute({ ...values, deviceTokenHash: hashToken(deviceToken) })
      : (await (isPhone ? this.byPhone : this.byEmail).execute(values)).map((withoutDevice) => ({ ...withoutDevice, device: null }));
    if (!row) throw new Error('sign-in lookup returned no row');
    const { user, organization } = row;
    return {
      ipFailures: Number(row.ipFailures),
      ipOldestFailure: row.ipOldestFailure,
      account: user && organization ? { user, organization, hasFailures: row.hasFailures, device: row.device, factors: { totp: Boolean(row.hasTotp), passkey: Boolean(row.hasPasskey), sms: Boolean(row.hasSms), recoveryCodes: Boolean(row.hasRecoveryCodes) } } : null,
    };
  }
}
