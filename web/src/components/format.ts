import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import type { Language } from '../api/types';

dayjs.extend(relativeTime);

export function dayjsLocale(language: Language): string {
  return language === 'zh-CN' ? 'zh-cn' : 'en';
}

export function setDayjsLanguage(language: Language): void {
  dayjs.locale(dayjsLocale(language));
}

/** "2025-03-04 14:05" — unambiguous in both languages. */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDateTimeSeconds(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '—';
}

export function formatRelative(value: string | null | undefined): string {
  return value ? dayjs(value).fromNow() : '—';
}

export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) {
    return '?';
  }
  const words = trimmed.split(/\s+/);
  if (words.length === 1) {
    // Chinese names read best as their last one or two characters; Latin names as the first letter.
    return /^[\u4e00-\u9fff]+$/.test(trimmed) ? trimmed.slice(-2) : trimmed.charAt(0).toUpperCase();
  }
  return `${words[0]?.charAt(0) ?? ''}${words[words.length - 1]?.charAt(0) ?? ''}`.toUpperCase();
}
