import {
  DeleteOutlined,
  EditOutlined,
  FundOutlined,
  NodeIndexOutlined,
  RollbackOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { i18n } from '../../i18n/i18n';
import type { FieldChange } from '../customers/customer-types';
import { stageLabel } from './deal-format';

/** How deal rows of a history read, on the deal itself and on its customer's timeline. */

const DEAL_ACTION_LOOK: Record<string, { color: string; icon: ReactNode }> = {
  deal_added: { color: 'green', icon: <FundOutlined /> },
  deal_updated: { color: 'blue', icon: <EditOutlined /> },
  deal_stage_changed: { color: 'cyan', icon: <NodeIndexOutlined /> },
  deal_deleted: { color: 'red', icon: <DeleteOutlined /> },
  deal_restored: { color: 'green', icon: <RollbackOutlined /> },
  deal_transferred: { color: 'purple', icon: <SwapOutlined /> },
};

export function dealActionLook(action: string): { color: string; icon: ReactNode } | undefined {
  return DEAL_ACTION_LOOK[action];
}

export function dealActionLabel(t: TFunction, action: string): string {
  return t(`deals.history.action.${action}`, { defaultValue: t('customers.history.action.other', { action }) });
}

function isStageRef(value: unknown): value is { key: string | null; name: string | null } {
  return typeof value === 'object' && value !== null && 'key' in value && 'name' in value;
}

function formatValue(t: TFunction, field: string, value: unknown, language: string): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (isStageRef(value)) {
    return stageLabel(t, value);
  }
  if (field === 'probability' && typeof value === 'number') {
    return `${value}%`;
  }
  if (field === 'amount' && typeof value === 'string') {
    try {
      return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        value as Intl.StringNumericLiteral,
      );
    } catch {
      return value;
    }
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export function describeDealChange(t: TFunction, field: string, change: FieldChange) {
  const language = i18n.resolvedLanguage ?? 'en';
  return {
    label: t(`deals.field.${field}`, { defaultValue: field }),
    from: formatValue(t, field, change.from, language),
    to: formatValue(t, field, change.to, language),
  };
}
