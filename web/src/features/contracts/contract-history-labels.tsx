import {
  DeleteOutlined,
  DollarOutlined,
  EditOutlined,
  FileAddOutlined,
  RollbackOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { i18n } from '../../i18n/i18n';
import type { FieldChange } from '../customers/customer-types';

/**
 * How contract rows of a history read (the contract's own history and its customer's timeline): actions, field labels
 * and values in the user's language. Amounts are shown with digit grouping, exactly as recorded.
 */

const CONTRACT_ACTION_LOOK: Record<string, { color: string; icon: ReactNode }> = {
  contract_created: { color: 'green', icon: <FileAddOutlined /> },
  contract_updated: { color: 'blue', icon: <EditOutlined /> },
  contract_deleted: { color: 'red', icon: <DeleteOutlined /> },
  contract_restored: { color: 'green', icon: <RollbackOutlined /> },
  contract_transferred: { color: 'purple', icon: <SwapOutlined /> },
  payment_recorded: { color: 'green', icon: <DollarOutlined /> },
  payment_deleted: { color: 'red', icon: <DollarOutlined /> },
};

export function contractActionLook(action: string): { color: string; icon: ReactNode } | undefined {
  return CONTRACT_ACTION_LOOK[action];
}

/** Rows that list what a record started with (no "from" side). */
export function isInitialContractAction(action: string): boolean {
  return action === 'contract_created' || action === 'payment_recorded';
}

export function contractActionLabel(t: TFunction, action: string): string {
  return t(`contracts.history.action.${action}`, { defaultValue: t('contracts.history.action.other', { action }) });
}

const CODED: Record<string, string> = { status: 'contracts.status', method: 'contracts.method' };
const AMOUNTS = new Set(['amount', 'paymentAmount', 'paidAmount']);

function groupDigits(amount: string, language: string): string {
  try {
    return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      amount as Intl.StringNumericLiteral,
    );
  } catch {
    return amount;
  }
}

function formatValue(t: TFunction, field: string, value: unknown, language: string): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value !== 'string') {
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  }
  const prefix = CODED[field];
  if (prefix) {
    return t(`${prefix}.${value}`, { defaultValue: value });
  }
  return AMOUNTS.has(field) ? groupDigits(value, language) : value;
}

export function describeContractChange(t: TFunction, field: string, change: FieldChange) {
  const language = i18n.resolvedLanguage ?? 'en';
  return {
    label: t(`contracts.field.${field}`, { defaultValue: field }),
    from: formatValue(t, field, change.from, language),
    to: formatValue(t, field, change.to, language),
  };
}
