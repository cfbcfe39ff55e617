import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Number types that can receive a text message, or where the numbering plan cannot tell (e.g. +1). */
const TEXTABLE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export type MobileParse = { ok: true; e164: string; countryCallingCode: string } | { ok: false; reason: 'invalid' | 'not_mobile' };

function prepare(raw: string): string {
  const trimmed = raw.normalize('NFKC').trim().replace(/[\s\-().]/g, '');
  return trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
}

function parse(raw: string, region: string | null | undefined) {
  const prepared = prepare(raw);
  if (!/^\+?\d{3,17}$/.test(prepared)) return undefined;
  // A bare 11-digit mainland China mobile number is how people there type their own number, with or without an
  // organisation region (there is none yet on the sign-in page).
  const defaultRegion = (region ?? (/^1[3-9]\d{9}$/.test(prepared) ? 'CN' : undefined)) as CountryCode | undefined;
  if (!prepared.startsWith('+') && !defaultRegion) return undefined;
  const parsed = parsePhoneNumberFromString(prepared, defaultRegion);
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * Any valid phone number in E.164 (+8613800138000), or null. Numbers without a country code are read in `region`
 * (the organisation's policy.recovery.phoneRegion); without one, only bare mainland China mobile numbers are.
 */
export function normalizePhoneNumber(raw: string, region?: string | null): string | null {
  return parse(raw, region)?.number ?? null;
}

/** A number that can receive SMS: refuses fixed lines, premium-rate, toll-free, shared-cost and the like. */
export function parseMobileNumber(raw: string, region?: string | null): MobileParse {
  const parsed = parse(raw, region);
  if (!parsed) return { ok: false, reason: 'invalid' };
  const type = parsed.getType();
  if (type !== undefined && !TEXTABLE_TYPES.has(type)) return { ok: false, reason: 'not_mobile' };
  return { ok: true, e164: parsed.number, countryCallingCode: parsed.countryCallingCode };
}

/** Country calling code of an E.164 number ('86' for +86…), for the per-country SMS caps. */
export function countryCallingCodeOf(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.countryCallingCode ?? null;
}
