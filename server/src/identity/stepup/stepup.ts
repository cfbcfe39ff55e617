import type { FastifyRequest } from 'fastify';
import { defineErrors, raise } from '../../http/app-error.ts';
import { requireAuth } from '../../http/request-context.ts';
import type { ResolvedSession, SessionRow } from '../sessions/session.service.ts';


export const stepUpErrors = defineErrors({
  REAUTHENTICATION_REQUIRED: { status: 403, code: 'reauthentication_required' },
});

/**
 * Until when this session counts as recently authenticated, or null when it does not. A token rotation (role or
 * password change) keeps createdAt but not reauthenticatedAt, so it errs on asking again.
 */
export function reauthenticatedUntil(session: Pick<SessionRow, 'createdAt' | 'reauthenticatedAt'>, windowMinutes: number, now = new Date()): Date | null {
  const proven = Math.max(session.createdAt.getTime(), session.reauthenticatedAt?.getTime() ?? 0);
  const until = proven + windowMinutes * 60_000;
  return until > now.getTime() ? new Date(until) : null;
}

/**
 * Until when this session's last user-verified passkey proof (password-less sign-in, a UV passkey as second step, or a
 * passkey step-up) is fresh, or null. Inside this window the user may set a new password without the old one (MF-12):
 * possession of the passkey plus its PIN or biometric is already two factors.
 */
export function passkeyVerifiedUntil(session: Pick<SessionRow, 'passkeyVerifiedAt'>, windowMinutes: number, now = new Date()): Date | null {
  if (!session.passkeyVerifiedAt) return null;
  const until = session.passkeyVerifiedAt.getTime() + windowMinutes * 60_000;
  return until > now.getTime() ? new Date(until) : null;
}

/**
 * The signed-in session when the user proved themselves within the step-up window (STEP_UP_MINUTES); otherwise 403
 * reauthentication_required. A stolen session cookie alone must not be enough to add or remove a way back in.
 */
export function requireRecentAuth(request: FastifyRequest, windowMinutes: number): ResolvedSession {
  const auth = requireAuth(request);
  if (!reauthenticatedUntil(auth.session, windowMinutes)) raise(stepUpErrors.REAUTHENTICATION_REQUIRED);
  return auth;
}
