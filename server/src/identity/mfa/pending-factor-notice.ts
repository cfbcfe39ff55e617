import { formatTime, sendFreezeNotice } from '../recovery/recovery-notices.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import type { FactorContext } from './two-step.service.ts';

/** How long the "this wasn't me" link of a pending-factor notice works: past the longest delay an org may set. */
const CANCEL_LINK_MINUTES = 8 * 24 * 60;

export interface PendingFactorNotice {
  user: UserRow;
  organization: OrganizationRow;
  factor: string;
  activatesAt: Date;
  details: Record<string, unknown>;
}

/**
 * A factor added after lost-device recovery waits out the delay; meanwhile every verified channel — each mailbox and
 * each mobile — holds a one-click "this wasn't me" link. It freezes the account (sessions end, password cleared,
 * admins alerted) and deletes every factor still pending (freeze.service.ts), so a person holding two stolen
 * channels never gets a factor that counts.
 */
export async function notifyPendingFactor(deps: IdentityDependencies, notice: PendingFactorNotice, context: FactorContext): Promise<void> {
  const { user, organization } = notice;
  await deps.audit.record({ action: 'two_step_factor_added', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: notice.details }, context);
  // keepOthers: a second pending factor must not kill the link the first notice carried.
  await sendFreezeNotice(deps, new RecoveryLimits(deps.db, deps.secrets), {
    user,
    organization,
    client: context.client,
    locale: context.locale,
    mailTemplate: 'twoStepFactorPending',
    smsKey: 'sms.twoStepFactorPending',
    params: { factor: notice.factor, activatesAt: formatTime(notice.activatesAt) },
    linkMinutes: CANCEL_LINK_MINUTES,
    keepOthers: true,
  });
}
