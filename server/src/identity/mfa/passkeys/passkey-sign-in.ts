import { raise } from '../../../http/app-error.ts';
import { completeSignIn } from '../../login/sign-in-completion.ts';
import type { IdentityDependencies } from '../../services.ts';
import { isBoundTo } from '../ceremonies.ts';
import type { SecondStepContext } from '../mfa-challenge.service.ts';
import { mfaErrors } from '../mfa.errors.ts';
import type { PasskeyService } from './passkey.service.ts';

/**
 * Password-less sign-in with a discoverable passkey and user verification (UV=1: possession + PIN/biometric is two
 * factors). Every failure — unknown or removed credential, bad signature, UV=0, stale or foreign ceremony, inactive or
 * frozen account — is the same 401 passkey_sign_in_failed and counts against the ceremony (MF-10, MF-13).
 */
export async function signInWithPasskey(deps: IdentityDependencies, passkeys: PasskeyService, input: { challenge: string; response: unknown; remember: boolean }, context: SecondStepContext) {
  const ceremony = await passkeys.ceremonies.findLive(input.challenge, 'passkey_sign_in');
  if (!ceremony || !isBoundTo(ceremony, context.client)) raise(mfaErrors.PASSKEY_SIGN_IN_FAILED);
  const checked = await passkeys.checkAssertion(null, input.response, ceremony.webauthnChallenge, true, context);
  const user = checked ? await deps.users.findById(checked.key.userId) : undefined;
  const organization = user ? await deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) }) : undefined;
  if (!checked || !checked.userVerified || !user || !organization || user.status !== 'active' || user.frozenAt) {
    await passkeys.ceremonies.addAttempt(ceremony.id);
    await deps.audit.record(
      { action: 'sign_in_failed', outcome: 'failure', orgId: user?.orgId ?? null, actorUserId: user?.id ?? null, actorLabel: user?.email ?? null, targetUserId: user?.id ?? null, targetLabel: user?.email ?? null, details: { reason: checked ? 'passkey_account_unavailable' : 'passkey_rejected' } },
      context,
    );
    raise(mfaErrors.PASSKEY_SIGN_IN_FAILED);
  }
  if (!(await passkeys.ceremonies.claim(ceremony.id))) raise(mfaErrors.PASSKEY_SIGN_IN_FAILED);
  const device = (await deps.sessions.findKnownDevice(user.id, context.deviceToken)) ?? null;
  // UV was required above, so this session holds a user-verified passkey proof (MF-12).
  return completeSignIn(deps, { user, organization, remember: input.remember, device, passkeyVerified: true, details: { passwordless: true, secondFactor: 'passkey', factorId: checked.key.id } }, context);
}
