import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { memberAdminApi } from './member-admin-api';
import { refreshMembers } from './member-queries';
import { useAdminAction } from './use-admin-action';

/** Actions that need nothing but a confirmation: no form, no choice to make. */
export type SimpleMemberAction =
  | 'unfreeze'
  | 'unlock'
  | 'end_sessions'
  | 'require_password_change'
  | 'require_recovery_setup'
  | 'cancel_deactivation'
  | 'cancel_two_step_reset';

export const SIMPLE_ACTIONS: ReadonlySet<string> = new Set<SimpleMemberAction>([
  'unfreeze',
  'unlock',
  'end_sessions',
  'require_password_change',
  'require_recovery_setup',
  'cancel_deactivation',
  'cancel_two_step_reset',
]);

/**
 * Asks "are you sure?" with what the action does, then runs it (step-up when needed) and reports the outcome.
 * The confirmation closes at once, so a step-up dialog never stacks on top of it.
 */
export function useSimpleMemberActions() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { execute, reportError } = useAdminAction();

  const admin = async (
    member: MemberListItem,
    call: () => Promise<unknown>,
    successText: (result: unknown) => string,
  ) => {
    try {
      const outcome = await execute(member, call);
      if ('done' in outcome) {
        void message.success(successText(outcome.done));
      }
    } catch (error) {
      reportError(error);
    }
  };

  // Lifting a freeze and asking for ways back predate the admin console: no step-up, no two-person rule.
  const plain = async (call: () => Promise<unknown>, successText: string) => {
    try {
      await call();
      void message.success(successText);
    } catch (error) {
      reportError(error);
    } finally {
      void refreshMembers(queryClient);
    }
  };

  const runners: Record<SimpleMemberAction, (member: MemberListItem) => Promise<void>> = {
    unfreeze: (member) =>
      plain(() => memberAdminApi.unfreeze(member.id), t('members.recovery.unfrozen', { name: member.name })),
    require_recovery_setup: (member) =>
      plain(
        () => memberAdminApi.requireRecoverySetup(member.id),
        t('members.recovery.setupRequired', { name: member.name }),
      ),
    unlock: (member) =>
      admin(
        member,
        () => memberAdminApi.unlock(member.id),
        () => t('members.done.unlock', { name: member.name }),
      ),
    end_sessions: (member) =>
      admin(
        member,
        () => memberAdminApi.endSessions(member.id),
        (result) =>
          t('members.done.end_sessions', { name: member.name, count: (result as { ended?: number }).ended ?? 0 }),
      ),
    require_password_change: (member) =>
      admin(
        member,
        () => memberAdminApi.requirePasswordChange(member.id),
        () => t('members.done.require_password_change', { name: member.name }),
      ),
    cancel_deactivation: (member) =>
      admin(
        member,
        () => memberAdminApi.cancelDeactivation(member.id),
        () => t('members.done.cancel_deactivation', { name: member.name }),
      ),
    cancel_two_step_reset: (member) =>
      admin(
        member,
        () => memberAdminApi.cancelTwoStepReset(member.id),
        () => t('members.done.cancel_two_step_reset', { name: member.name }),
      ),
  };

  const confirmTexts = (action: SimpleMemberAction, member: MemberListItem) => {
    if (action === 'unfreeze') {
      return {
        title: t('members.recovery.confirmUnfreeze', { name: member.name }),
        content: t('members.recovery.confirmUnfreezeHint'),
        okText: t('members.recovery.unfreeze'),
      };
    }
    if (action === 'require_recovery_setup') {
      return {
        title: t('members.recovery.confirmRequire', { name: member.name }),
        content: t('members.recovery.confirmRequireHint'),
        okText: t('members.recovery.require'),
      };
    }
    // `time`: when a pending two-step reset would take effect (the cancel's confirmation says it).
    const params = { name: member.name, time: formatDateTime(member.twoStep.resetEffectiveAt) };
    return {
      title: t(`members.confirm.${action}.title`, params),
      content: t(`members.confirm.${action}.content`, params),
      okText: t(`members.action.${action}`),
    };
  };

  return (action: SimpleMemberAction, member: MemberListItem) => {
    void modal.confirm({
      ...confirmTexts(action, member),
      cancelText: t('common.cancel'),
      width: 460,
      onOk: () => {
        void runners[action](member);
      },
    });
  };
}
