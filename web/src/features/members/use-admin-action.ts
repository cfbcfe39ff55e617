import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { isPendingApproval, type PendingApproval } from './member-admin-api';
import { refreshMembers } from './member-queries';

export type AdminActionOutcome<Result> = { pending: PendingApproval['approval'] } | { done: Result };

/**
 * Runs an admin action the way every one of them behaves: a recent step-up first when the server asks for it
 * (403 reauthentication_required opens the "confirm it's you" dialog and retries), the list refreshed afterwards,
 * and a 202 told as "waiting for a second approver" (`quiet`: the caller reports it). Errors are thrown to the caller; `reportError` shows them.
 */
export function useAdminAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();

  /** Owners are approved by another owner; a way into an admin's account by another owner or admin. */
  const pendingText = (member: Pick<Member, 'role'>, approval: PendingApproval['approval']) =>
    t(member.role === 'owner' ? 'members.approval.waitingOwner' : 'members.approval.waitingPeer', {
      expires: formatDateTime(approval.expiresAt),
    });

  async function execute<Result>(
    member: Pick<Member, 'role'>,
    call: () => Promise<Result | PendingApproval>,
    options: { quiet?: boolean } = {},
  ): Promise<AdminActionOutcome<Result>> {
    try {
      const result = await withStepUp(call);
      if (isPendingApproval(result)) {
        if (options.quiet !== true) {
          void message.info({ content: pendingText(member, result.approval), duration: 8 });
        }
        return { pending: result.approval };
      }
      return { done: result };
    } finally {
      void refreshMembers(queryClient);
    }
  }

  /** Closing the step-up dialog is not a failure; anything else shows the server's (localized) message. */
  const reportError = (error: unknown) => {
    if (!isStepUpCancelled(error)) {
      void message.error(error instanceof Error ? error.message : String(error));
    }
  };

  return { execute, reportError, pendingText };
}
