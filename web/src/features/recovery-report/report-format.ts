import type { TFunction } from 'i18next';
import type { Language } from '../../api/types';

/** "< 1 min", "3 min", "2.5 h", "3 d": minutes as the shortest unit that reads well. */
export function formatMinutes(t: TFunction, language: Language, minutes: number | null): string {
  if (minutes === null) return '—';
  const number = (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  if (minutes < 1) return t('recoveryReport.duration.underMinute');
  if (minutes < 60) return t('recoveryReport.duration.minutes', { value: number(Math.round(minutes)) });
  if (minutes < 48 * 60) return t('recoveryReport.duration.hours', { value: number(Math.round(minutes / 6) / 10) });
  return t('recoveryReport.duration.days', { value: number(Math.round(minutes / 144) / 10) });
}

/** 0.923 → "92%" (or "92.3%" when a decimal matters, below 10 %). */
export function formatShare(language: Language, share: number | null): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(language, {
    style: 'percent',
    maximumFractionDigits: share > 0 && share < 0.1 ? 1 : 0,
  }).format(share);
}

/** "2025-03-04" → "03-04" (the year is in the period above the chart). */
export function shortDate(date: string): string {
  return date.slice(5);
}
