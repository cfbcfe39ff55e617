import { z } from 'zod';
import { normalizePhoneNumber } from '../../identity/users/phone-number.ts';

/** Trimmed text; an empty string means "no value" and becomes null. Absent (undefined) means "leave as is". */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}

export function requiredText(max: number) {
  return z.string().trim().min(1).max(max);
}

/** Tags: trimmed, empty ones dropped, duplicates (case-insensitive) kept once. */
export const tagsField = z
  .array(z.string().trim().max(30))
  .max(20)
  .transform((tags) => {
    const seen = new Set<string>();
    return tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (tag === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

/** Lower-cased, NFKC-normalised and without white space: the duplicate check's notion of "the same name". */
export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * The digits of a phone number for matching: of its E.164 form when it can be read (in the organisation's region),
 * so "0755-8888 1234" and "+86 755 88881234" agree; else of what was typed. Too short to identify anything → null.
 */
export function phoneDigitsOf(phone: string | null | undefined, region: string | null): string | null {
  if (!phone) return null;
  const normalized = normalizePhoneNumber(phone, region) ?? phone.normalize('NFKC');
  const digits = normalized.replace(/\D/g, '');
  return digits.length >= 5 ? digits : null;
}

/** The host of a website without "www.", lower-cased; null when it is not a host name with a dot. */
export function websiteDomainOf(website: string | null | undefined): string | null {
  if (!website) return null;
  const trimmed = website.normalize('NFKC').trim();
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const host = new URL(candidate).hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}

/** What a search term can mean as a phone number: its digits and, when it reads as one, its E.164 digits. */
export function phoneSearchDigits(term: string, region: string | null): string[] {
  if (!/^[\d\s+()\-.]+$/.test(term.normalize('NFKC'))) return [];
  const digits = term.normalize('NFKC').replace(/\D/g, '');
  if (digits.length < 3) return [];
  const normalized = normalizePhoneNumber(term, region)?.replace(/\D/g, '');
  return [...new Set([digits, ...(normalized ? [normalized] : [])])];
}

/** What a search term can mean as a website: a host name prefix ("acme", "acme.com", "https://www.acme.com/x"). */
export function domainSearchTerm(term: string): string | null {
  const lower = term.normalize('NFKC').toLowerCase().trim();
  if (!/^[a-z0-9][a-z0-9.:/-]*$/.test(lower)) return null;
  const host = lower.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\./, '').split('/')[0] ?? '';
  return host.length >= 2 ? host : null;
}

/** 'YYYY-MM-DD' naming a real day (no 30 February) in years 1–9999, which PostgreSQL's date type accepts. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
  if (!match || match[1] === '0000') return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}
