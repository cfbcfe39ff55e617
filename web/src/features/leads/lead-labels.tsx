import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '../customers/customer-types';
import type { LeadStatus } from './lead-types';

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'processing',
  contacted: 'cyan',
  qualified: 'success',
  unqualified: 'default',
  converted: 'purple',
};

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} bordered={false}>
      {t(`leads.status.${status}`)}
    </Tag>
  );
}

const CODED_FIELDS: Record<string, string> = { status: 'leads.status', source: 'customers.source' };

/** One field of a lead's history row: its label and both values as text. */
export function describeLeadChange(
  t: TFunction,
  field: string,
  change: FieldChange,
): { label: string; from: string; to: string } {
  const text = (value: unknown): string => {
    if (value === null || value === undefined || value === '') {
      return '—';
    }
    const prefix = CODED_FIELDS[field];
    if (typeof value === 'string') {
      return prefix ? t(`${prefix}.${value}`, { defaultValue: value }) : value;
    }
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  };
  return { label: t(`leads.field.${field}`, { defaultValue: field }), from: text(change.from), to: text(change.to) };
}
