import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { and, asc, eq, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { raise } from '../../../http/app-error.ts';
import type { IdentityDependencies } from '../../services.ts';
import type { ClientInfo, OrganizationRow, UserRow } from '../../sessions/session.service.ts';
import { CeremonyStore } from '../ceremonies.ts';
import { mfaErrors } from '../mfa.errors.ts';
import { passkeys } from '../mfa.tables.ts';
import type { SecondFactorAttempt, SecondFactorResult, SecondFactorVerifier } from '../second-factors.ts';
import { assertFactorRemovable, countActiveFactors } from '../two-step-policy.ts';
import { assertMayChangeExistingFactor, newFactorActivatesAt } from '../lost-factor-recovery.ts';
import type { FactorContext, TwoStepService } from '../two-step.service.ts';
import { toPasskeyView, type PasskeyRow } from './passkey-view.ts';


/** Ceremonies live 5 minutes (MF-10: ≤ 10); challenges are 32 random bytes from the library. */
const CEREMONY_TIMEOUT_MS = 5 * 60_000;


const isActive = () => or(isNull(passkeys.activatesAt), lte(passkeys.activatesAt, new Date()));

/** The credential id a response names, when it has the expected shape. */
function credentialIdOf(response: unknown): string | null {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,1366}$/.test(id) ? id : null;
}

/**
 * WebAuthn passkeys (MF-10 … MF-13): registration, the assertion check shared by the second step, step-up, reset and
 * password-less sign-in, and the user's list. RP ID and origin come from PUBLIC_URL only.
 */
export class PasskeyService implements SecondFactorVerifier {
  readonly method = 'passkey' as const;
  readonly ceremonies: CeremonyStore;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly twoStep: TwoStepService,
  ) {
    this.ceremonies = new CeremonyStore(deps.db);
  }

  private get rpID(): string {
    return this.deps.config.publicUrl.hostname;
  }

  private get origin(): string {
    return this.deps.config.publicUrl.origin;
  }

  list(userId: string): Promise<PasskeyRow[]> {
    return this.deps.db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt));
  }

  async isEnrolled(userId: string): Promise<boolean> {
    const [row] = await this.deps.db.select({ id: passkeys.id }).from(passkeys).where(and(eq(passkeys.userId, userId), isActive())).limit(1);
    return row !== undefined;
  }

  /** Registration options: a discoverable credential with user verification; existing ones excluded (MF-11). */
  async registrationOptions(user: UserRow, organization: OrganizationRow, client: ClientInfo) {
    const existing = await this.list(user.id);
    const options = await generateRegistrationOptions({
      rpName: `Clientele · ${organization.name}`,
      rpID: this.rpID,
      userName: user.email,
      userDisplayName: user.name,
      userID: Buffer.from(user.id.replace(/-/g, ''), 'hex'),
      attestationType: 'none',
      timeout: CEREMONY_TIMEOUT_MS,
      excludeCredentials: existing.map((key) => ({ id: key.credentialId, transports: key.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await this.ceremonies.create({ purpose: 'passkey_register', userId: user.id, client, webauthnChallenge: options.challenge });
    return { options };
  }

  /** Verifies the new credential against the newest registration ceremony (single use) and stores it. */
  async register(user: UserRow, organization: OrganizationRow, name: string, response: unknown, context: FactorContext) {
    const ceremony = await this.ceremonies.latestFor(user.id, 'passkey_register');
    if (!ceremony?.webauthnChallenge || !(await this.ceremonies.claim(ceremony.id))) raise(mfaErrors.PASSKEY_INVALID);
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge: ceremony.webauthnChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: true,
      });
    } catch {
      raise(mfaErrors.PASSKEY_INVALID);
    }
    if (!verification.verified || !verification.registrationInfo) raise(mfaErrors.PASSKEY_INVALID);
    const info = verification.registrationInfo;
    const activatesAt = newFactorActivatesAt(context, organization.securityPolicy);
    const rows = await this.deps.db
      .insert(passkeys)
      .values({
        userId: user.id,
        name,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        signCount: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
        activatesAt,
      })
      .onConflictDoNothing()
      .returning();
    const created = rows[0];
    if (!created) raise(mfaErrors.PASSKEY_EXISTS);
    const recoveryCodes = await this.twoStep.factorAdded(user, organization, { method: 'passkey', id: created.id, name, backedUp: created.backedUp, activatesAt }, context);
    return { factor: toPasskeyView(created), recoveryCodes };
  }

  async rename(user: UserRow, id: string, name: string) {
    const [row] = await this.deps.db.update(passkeys).set({ name }).where(and(eq(passkeys.userId, user.id), eq(passkeys.id, id))).returning();
    if (!row) raise(mfaErrors.FACTOR_NOT_FOUND);
    return toPasskeyView(row);
  }

  /** Removal takes effect at once (the next assertion with it fails); refused for the last factor the policy requires. */
  async remove(user: UserRow, organization: OrganizationRow, id: string, context: FactorContext): Promise<void> {
    const [found] = await this.deps.db.select().from(passkeys).where(and(eq(passkeys.userId, user.id), eq(passkeys.id, id)));
    if (!found) raise(mfaErrors.FACTOR_NOT_FOUND);
    assertMayChangeExistingFactor(context, found.activatesAt);
    const counts = await countActiveFactors(this.deps.db, user.id);
    const active = found.activatesAt === null || found.activatesAt <= new Date();
    assertFactorRemovable(user, organization, counts.totp + counts.passkeys + counts.sms - (active ? 1 : 0));
    const removed = await this.deps.db.delete(passkeys).where(and(eq(passkeys.userId, user.id), eq(passkeys.id, id))).returning({ id: passkeys.id });
    if (removed.length === 0) raise(mfaErrors.FACTOR_NOT_FOUND);
    await this.twoStep.factorRemoved(user, organization, { method: 'passkey', id, name: found.name }, context);
  }

  /** Request options for one user's passkeys (second step, step-up, reset). */
  async createOptions(userId: string): Promise<{ options: unknown; webauthnChallenge: string }> {
    const keys = await this.deps.db.select().from(passkeys).where(and(eq(passkeys.userId, userId), isActive()));
    const options = await generateAuthenticationOptions({ rpID: this.rpID, timeout: CEREMONY_TIMEOUT_MS, userVerification: 'preferred', allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports as never })) });
    return { options, webauthnChallenge: options.challenge };
  }

  /** Discoverable-credential options for a password-less sign-in: no account named, so nothing to enumerate (MF-13). */
  async signInOptions(client: ClientInfo): Promise<{ challenge: string; options: unknown }> {
    const options = await generateAuthenticationOptions({ rpID: this.rpID, timeout: CEREMONY_TIMEOUT_MS, userVerification: 'required', allowCredentials: [] });
    const { token } = await this.ceremonies.create({ purpose: 'passkey_sign_in', userId: null, client, webauthnChallenge: options.challenge });
    return { challenge: token, options };
  }

  /**
   * Checks an assertion against a stored challenge. `userId` null = any account's credential (password-less). A
   * counter that does not grow (when the authenticator keeps one) signals a cloned key: refused and audited.
   */
  async checkAssertion(userId: string | null, response: unknown, expectedChallenge: string | null, requireUserVerification: boolean, context: FactorContext | SecondFactorAttempt['context']): Promise<{ key: PasskeyRow; userVerified: boolean } | null> {
    const credentialId = credentialIdOf(response);
    if (!credentialId || !expectedChallenge) return null;
    const [key] = await this.deps.db
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.credentialId, credentialId), isActive(), ...(userId ? [eq(passkeys.userId, userId)] : [])));
    if (!key) return null;
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        expectedType: 'webauthn.get',
        // Counter 0 here: the clone check below is ours, so that it can be audited rather than thrown.
        credential: { id: key.credentialId, publicKey: Buffer.from(key.publicKey, 'base64url'), counter: 0, transports: key.transports },
        requireUserVerification,
      });
    } catch {
      return null;
    }
    if (!verification.verified) return null;
    const info = verification.authenticationInfo;
    if (key.signCount > 0 && info.newCounter <= key.signCount) {
      const owner = await this.deps.users.findById(key.userId);
      await this.deps.audit.record(
        { action: 'passkey_clone_suspected', outcome: 'failure', orgId: owner?.orgId ?? null, actorUserId: key.userId, actorLabel: owner?.email ?? null, targetUserId: key.userId, targetLabel: owner?.email ?? null, details: { factorId: key.id, storedCounter: key.signCount, receivedCounter: info.newCounter } },
        context,
      );
      return null;
    }
    // MF-11: a credential that was backed up and no longer is (BS 1→0) may now live on one device only: flag it so the
    // app prompts for another passkey or the recovery codes; BS back to 1 withdraws the prompt.
    const backupLost = key.backedUp && !info.credentialBackedUp;
    const backupLostAt = backupLost ? new Date() : info.credentialBackedUp ? null : key.backupLostAt;
    await this.deps.db.update(passkeys).set({ signCount: info.newCounter, backedUp: info.credentialBackedUp, deviceType: info.credentialDeviceType, backupLostAt, lastUsedAt: new Date() }).where(eq(passkeys.id, key.id));
    if (backupLost) await this.recordBackupLost(key, context);
    return { key, userVerified: info.userVerified };
  }

  private async recordBackupLost(key: PasskeyRow, context: FactorContext | SecondFactorAttempt['context']): Promise<void> {
    const owner = await this.deps.users.findById(key.userId);
    await this.deps.audit.record(
      { action: 'passkey_backup_lost', orgId: owner?.orgId ?? null, actorUserId: key.userId, actorLabel: owner?.email ?? null, targetUserId: key.userId, targetLabel: owner?.email ?? null, details: { factorId: key.id, name: key.name, deviceType: key.deviceType } },
      context,
    );
  }

  /** "Got it" on the prompt about passkeys that are no longer backed up (MF-11): clears it for all of the user's passkeys. */
  async dismissBackupPrompt(user: UserRow): Promise<void> {
    await this.deps.db.update(passkeys).set({ backupLostAt: null }).where(and(eq(passkeys.userId, user.id), isNotNull(passkeys.backupLostAt)));
  }

  /** The second-factor registry's check (sign-in second step, step-up, reset). */
  async verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult> {
    const checked = await this.checkAssertion(attempt.userId, attempt.response, attempt.ceremony?.webauthnChallenge ?? null, false, attempt.context);
    return checked ? { ok: true, userVerified: checked.userVerified, factorId: checked.key.id } : { ok: false };
  }
}
