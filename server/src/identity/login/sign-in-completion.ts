import type { AuditContext } from '../../audit/audit.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, KnownDeviceRow, OrganizationRow, UserRow } from '../sessions/session.service.ts';

export interface SignInCompletionContext extends AuditContext {
  client: ClientInfo;
  deviceToken: string | undefined;
}

/**
 * The end of every successful sign-in (password, password + second factor, password-less passkey): the session, the
 * known browser, the sign-in stamp and the audit event committed in one statement. The reply shows the previous
 * sign-in ("last signed in … from …"), so the returned user keeps those fields.
 */
export async function completeSignIn(
  deps: IdentityDependencies,
  input: { user: UserRow; organization: OrganizationRow; remember: boolean; device: KnownDeviceRow | null; details?: Record<string, unknown>; passkeyVerified?: boolean },
  context: SignInCompletionContext,
) {
  const { user, organization, device } = input;
  const signedInAt = new Date();
  // A user-verified passkey in this sign-in lets the session set a new password without the old one for a while (MF-12).
  const created = deps.sessions.buildCreate(user, organization.securityPolicy, input.remember, context.client, { passkeyVerifiedAt: input.passkeyVerified ? signedInAt : null });
  const remembered = deps.sessions.buildRememberDevice(user.id, context.deviceToken, context.client.userAgent, device);
  const writes = [created.write, deps.users.buildSignInStamp(user.id, context.client.ip, signedInAt), ...(remembered.write ? [remembered.write] : [])];
  const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };
  await deps.audit.recordAlongside(
    { ...auditBase, action: 'sign_in_succeeded', details: { remember: created.session.remember, knownDevice: Boolean(device), ...(input.details ?? {}) } },
    { ...context, sessionHash: created.session.id },
    writes,
  );
  return { token: created.token, session: created.session, user: { ...user, updatedAt: signedInAt }, organization, newDeviceToken: remembered.newDeviceToken };
}
