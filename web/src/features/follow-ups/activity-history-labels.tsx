import {
  CarryOutOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  MessageOutlined,
  PaperClipOutlined,
  RollbackOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../components/format';
import type { FieldChange } from '../customers/customer-types';

/** How follow-up and task rows read on a customer's timeline: actions, field labels and values in the user's language. */

const ACTIVITY_ACTION_LOOK: Record<string, { color: string; icon: ReactNode }> = {
  follow_up_added: { color: 'blue', icon: <MessageOutlined /> },
  follow_up_updated: { color: 'blue', icon: <EditOutlined /> },
  follow_up_deleted: { color: 'red', icon: <DeleteOutlined /> },
  follow_up_restored: { color: 'green', icon: <RollbackOutlined /> },
  attachment_added: { color: 'blue', icon: <PaperClipOutlined /> },
  attachment_deleted: { color: 'red', icon: <PaperClipOutlined /> },
  task_added: { color: 'cyan', icon: <CarryOutOutlined /> },
  task_updated: { color: 'blue', icon: <EditOutlined /> },
  task_completed: { color: 'green', icon: <CheckCircleOutlined /> },
  task_reopened: { color: 'orange', icon: <UndoOutlined /> },
  task_deleted: { color: 'red', icon: <DeleteOutlined /> },
  task_restored: { color: 'green', icon: <RollbackOutlined /> },
};

export function isActivityRecord(recordType: string): boolean {
  return recordType === 'follow_up' || recordType === 'task';
}

export function activityActionLook(action: string): { color: string; icon: ReactNode } | undefined {
  return ACTIVITY_ACTION_LOOK[action];
}

/** Every row but an edit names what the record is or was (no "from" side). */
export function isInitialActivityAction(action: string): boolean {
  return action in ACTIVITY_ACTION_LOOK && !action.endsWith('_updated');
}

export function activityActionLabel(t: TFunction, action: string): string {
  return t(`followUps.history.action.${action}`, { defaultValue: t('customers.history.action.other', { action }) });
}

const DATE_FIELDS = new Set(['occurredAt', 'nextFollowUpAt', 'dueAt']);

function formatValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (field === 'type' && typeof value === 'string') {
    return t(`followUps.type.${value}`, { defaultValue: value });
  }
  if (DATE_FIELDS.has(field) && typeof value === 'string') {
    return formatDateTime(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeActivityChange(
  t: TFunction,
  field: string,
  change: FieldChange,
): { label: string; from: string; to: string } {
  return {
    label: t(`followUps.history.field.${field}`, { defaultValue: field }),
    from: formatValue(t, field, change.from),
    to: formatValue(t, field, change.to),
  };
}
