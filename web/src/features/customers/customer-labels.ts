import type { TFunction } from 'i18next';
import { describeContractChange } from '../contracts/contract-history-labels';
import { describeDealChange } from '../deals/deal-history-labels';
import { describeActivityChange, isActivityRecord } from '../follow-ups/activity-history-labels';
import { describeLeadChange } from '../leads/lead-labels';
import type { CustomerLevel, CustomerStatus, FieldChange } from './customer-types';

/** A: key account (red, hot), B: warm (orange), C: low priority (blue) — as CRM users colour them. */
export const LEVEL_COLORS: Record<CustomerLevel, string> = { A: 'volcano', B: 'gold', C: 'geekblue' };

export const STATUS_COLORS: Record<CustomerStatus, string> = {
  potential: 'processing',
  active: 'success',
  inactive: 'default',
  lost: 'error',
};

/**
 * A link for a website field. Only http(s) is ever linked (a `javascript:` URL typed into the field must never become
 * clickable); a bare domain gets https://.
 */
export function websiteHref(website: string | null | undefined): string | null {
  const trimmed = website?.trim();
  if (!trimmed) {
    return null;
  }
  const candidate = /^[a-z][a-z\d+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The website as people read it: without the scheme and a trailing slash. */
export function websiteLabel(website: string): string {
  return website
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/$/, '');
}

/** A tel: link keeps only what a dialler understands. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** Fields whose stored values are codes shown through a translation (level is its own label). */
const CODED_FIELDS: Record<string, string> = {
  status: 'customers.status',
  source: 'customers.source',
};

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** One side of a recorded change, as text: codes translated, lists joined, empty as a dash, member ids as names. */
export function formatChangeValue(
  t: TFunction,
  field: string,
  value: unknown,
  nameOf: (id: string) => string | undefined = () => undefined,
): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map((item) => formatChangeValue(t, field, item, nameOf)).join(', ');
  }
  if (typeof value === 'boolean') {
    return value ? t('customers.history.yes') : t('customers.history.no');
  }
  if (typeof value === 'string') {
    const prefix = CODED_FIELDS[field];
    if (prefix) {
      return t(`${prefix}.${value}`, { defaultValue: value });
    }
    if (UUID.test(value)) {
      return nameOf(value) ?? t('customers.history.someone');
    }
    return value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  // An object the server recorded (e.g. {id, name} of an owner): its name when it has one.
  if (typeof value === 'object' && 'name' in value && typeof value.name === 'string') {
    return value.name;
  }
  return JSON.stringify(value);
}

/**
 * The field's label in the user's language; a contact's fields (on the customer's timeline) by the contact's labels.
 * Unknown fields fall back to their name.
 */
export function fieldLabel(t: TFunction, field: string, recordType = 'customer'): string {
  const customerLabel = t(`customers.field.${field}`, { defaultValue: field });
  return recordType === 'contact' ? t(`contacts.field.${field}`, { defaultValue: customerLabel }) : customerLabel;
}

export function describeChange(
  t: TFunction,
  field: string,
  change: FieldChange,
  nameOf?: (id: string) => string | undefined,
  recordType = 'customer',
): { label: string; from: string; to: string } {
  if (recordType === 'contract') {
    return describeContractChange(t, field, change);
  }
  if (recordType === 'deal') {
    return describeDealChange(t, field, change);
  }
  if (isActivityRecord(recordType)) {
    return describeActivityChange(t, field, change);
  }
  if (recordType === 'lead') {
    return describeLeadChange(t, field, change);
  }
  return {
    label: fieldLabel(t, field, recordType),
    from: formatChangeValue(t, field, change.from, nameOf),
    to: formatChangeValue(t, field, change.to, nameOf),
  };
}
