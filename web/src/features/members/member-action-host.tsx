import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { AssistedRecoveryDialog, type RecoveryDialogMode } from './assisted-recovery-dialog';
import { DeactivateDialog } from './deactivate-dialog';
import type { MemberActionKey } from './member-action-list';
import { memberAdminApi } from './member-admin-api';
import { ReplaceContactDialog } from './replace-contact-dialog';
import { ResetTwoStepDialog } from './reset-two-step-dialog';
import { useAdminAction } from './use-admin-action';
import { SIMPLE_ACTIONS, useSimpleMemberActions, type SimpleMemberAction } from './use-simple-member-actions';

type OpenDialog =
  | { kind: 'reset_two_step'; member: MemberListItem }
  | { kind: 'replace_contact'; member: MemberListItem }
  | { kind: RecoveryDialogMode; member: MemberListItem }
  | { kind: 'deactivate'; member: MemberListItem };

/**
 * One place that starts every member action, from the row menu and from the detail drawer alike: a confirmation for
 * the simple ones, a dialog for those that need a choice. Render `dialogs` once on the page.
 */
export function useMemberActionHost(onDetails: (member: MemberListItem) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<OpenDialog | null>(null);
  const confirmSimple = useSimpleMemberActions();
  const { execute, reportError } = useAdminAction();
  const close = () => setOpen(null);

  const start = (action: MemberActionKey, member: MemberListItem) => {
    if (action === 'details') {
      onDetails(member);
    } else if (SIMPLE_ACTIONS.has(action)) {
      confirmSimple(action as SimpleMemberAction, member);
    } else {
      setOpen({ kind: action as OpenDialog['kind'], member });
    }
  };

  const deactivate = async (member: MemberListItem, at: string | undefined) => {
    try {
      const outcome = await execute(member, () => memberAdminApi.deactivate(member.id, at));
      if ('done' in outcome) {
        void message.success(
          at === undefined
            ? t('members.done.deactivate', { name: member.name })
            : t('members.done.deactivate_scheduled', { name: member.name, time: formatDateTime(at) }),
        );
      }
    } catch (error) {
      reportError(error);
    }
  };

  // Mounted while open only, after the drawer: each dialog starts afresh and stacks above it.
  let dialogs = null;
  if (open?.kind === 'reset_two_step') {
    dialogs = <ResetTwoStepDialog member={open.member} onClose={close} />;
  } else if (open?.kind === 'replace_contact') {
    dialogs = <ReplaceContactDialog member={open.member} onClose={close} />;
  } else if (open?.kind === 'recovery_link' || open?.kind === 'reactivate') {
    dialogs = <AssistedRecoveryDialog member={open.member} mode={open.kind} onClose={close} />;
  } else if (open?.kind === 'deactivate') {
    const { member } = open;
    dialogs = <DeactivateDialog members={[member]} onConfirm={(at) => deactivate(member, at)} onClose={close} />;
  }
  return { start, dialogs };
}
