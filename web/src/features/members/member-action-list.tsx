import {
  InsuranceOutlined,
  KeyOutlined,
  LinkOutlined,
  LogoutOutlined,
  ProfileOutlined,
  RollbackOutlined,
  SafetyOutlined,
  StopOutlined,
  UndoOutlined,
  UnlockOutlined,
  UserAddOutlined,
  MobileOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MemberListItem, RoleName } from '../../api/types';
import { canActOn } from './member-filters';

/** Everything an admin can do to a member from the console, in menu order. */
export type MemberActionKey =
  | 'details'
  | 'unfreeze'
  | 'unlock'
  | 'end_sessions'
  | 'require_password_change'
  | 'require_recovery_setup'
  | 'reset_two_step'
  | 'cancel_two_step_reset'
  | 'replace_contact'
  | 'recovery_link'
  | 'deactivate'
  | 'cancel_deactivation'
  | 'reactivate';

/** i18n key of the action's label (also the menu item's accessible name). */
export function actionLabelKey(action: MemberActionKey): string {
  return action === 'require_recovery_setup'
    ? 'members.recovery.require'
    : action === 'unfreeze'
      ? 'members.recovery.unfreeze'
      : `members.action.${action}`;
}

export const ACTION_ICONS: Record<MemberActionKey, ReactNode> = {
  details: <ProfileOutlined />,
  unfreeze: <UnlockOutlined />,
  unlock: <UnlockOutlined />,
  end_sessions: <LogoutOutlined />,
  require_password_change: <KeyOutlined />,
  require_recovery_setup: <InsuranceOutlined />,
  reset_two_step: <SafetyOutlined />,
  cancel_two_step_reset: <RollbackOutlined />,
  replace_contact: <MobileOutlined />,
  recovery_link: <LinkOutlined />,
  deactivate: <StopOutlined />,
  cancel_deactivation: <UndoOutlined />,
  reactivate: <UserAddOutlined />,
};

/** Actions that end access: shown in red. */
export const DANGER_ACTIONS: ReadonlySet<MemberActionKey> = new Set(['deactivate', 'reset_two_step']);

/** Groups separated in the menu: who can get in now, how they get back in, whether the account exists. */
export const ACTION_GROUPS: MemberActionKey[][] = [
  ['unfreeze', 'unlock', 'end_sessions', 'require_password_change', 'require_recovery_setup'],
  ['reset_two_step', 'cancel_two_step_reset', 'replace_contact', 'recovery_link'],
  ['cancel_deactivation', 'deactivate', 'reactivate'],
];

/**
 * The admin actions that make sense for this member now (`details` is not among them). None on oneself and none for
 * admins on owners; the server checks all of it again.
 */
export function availableActions(viewer: { id: string; role: RoleName }, member: MemberListItem): MemberActionKey[] {
  if (!canActOn(viewer, member)) {
    return [];
  }
  const scheduled = member.deactivateAt !== null;
  // A reset waiting out its cool-down can be cancelled; a second one cannot be asked for meanwhile.
  const twoStep: MemberActionKey[] =
    member.twoStep.resetEffectiveAt !== null
      ? ['cancel_two_step_reset']
      : member.twoStep.enrolled
        ? ['reset_two_step']
        : [];
  switch (member.status) {
    case 'invited':
      // Deactivating an invitation revokes it (the link dies); "Resend" sits in the row.
      return ['deactivate'];
    case 'deactivated':
      return ['reactivate'];
    case 'frozen':
      return [
        'unfreeze',
        'end_sessions',
        ...twoStep,
        'recovery_link',
        scheduled ? 'cancel_deactivation' : 'deactivate',
      ];
    case 'active':
      return [
        ...(member.locked ? (['unlock'] as const) : []),
        'end_sessions',
        ...(member.passwordChangeRequired ? [] : (['require_password_change'] as const)),
        'require_recovery_setup',
        ...twoStep,
        'replace_contact',
        'recovery_link',
        scheduled ? 'cancel_deactivation' : 'deactivate',
      ];
  }
}
