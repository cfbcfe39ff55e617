/** Search, filters, sort orders and "who may act on whom" for the members table (pure, unit-tested). */
import type { MemberListItem, RoleName } from '../../api/types';

/** What the status column shows; a member can be several at once (active and locked, active and scheduled). */
export type MemberStatusKey = 'active' | 'invited' | 'locked' | 'frozen' | 'deactivated' | 'scheduled';
export const STATUS_FILTER_KEYS: MemberStatusKey[] = [
  'active',
  'invited',
  'locked',
  'frozen',
  'scheduled',
  'deactivated',
];

export type TwoStepKey = 'enrolled' | 'not_set_up' | 'reenrol';
export const TWO_STEP_FILTER_KEYS: TwoStepKey[] = ['enrolled', 'not_set_up', 'reenrol'];

export const ROLE_ORDER: RoleName[] = ['owner', 'admin', 'manager', 'sales', 'viewer'];

/** Fewer than this many ways back is a warning (the readiness goal). */
export const RECOVERY_WAYS_GOAL = 2;

export interface MemberFilters {
  search: string;
  role?: RoleName | undefined;
  status?: MemberStatusKey | undefined;
  twoStep?: TwoStepKey | undefined;
}

export function statusKeysOf(member: MemberListItem): MemberStatusKey[] {
  const keys: MemberStatusKey[] = [member.status];
  if (member.locked && member.status !== 'deactivated') {
    keys.push('locked');
  }
  if (member.deactivateAt !== null && member.status !== 'deactivated') {
    keys.push('scheduled');
  }
  return keys;
}

export function twoStepKeyOf(member: MemberListItem): TwoStepKey {
  if (member.twoStep.reenrolRequired && !member.twoStep.enrolled) {
    return 'reenrol';
  }
  return member.twoStep.enrolled ? 'enrolled' : 'not_set_up';
}

const DAY_MS = 86_400_000;

/** Whole days since the password was last set; null when the member never set one (invited, frozen). */
export function passwordAgeDays(member: Pick<MemberListItem, 'passwordChangedAt'>, now = Date.now()): number | null {
  if (member.passwordChangedAt === null) {
    return null;
  }
  return Math.max(0, Math.floor((now - Date.parse(member.passwordChangedAt)) / DAY_MS));
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Name and e-mail by substring, ignoring case; phone numbers by their digits (spaces, dashes and + do not matter). */
export function matchesSearch(member: MemberListItem, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') {
    return true;
  }
  if (member.name.toLowerCase().includes(needle) || member.email.toLowerCase().includes(needle)) {
    return true;
  }
  const digits = digitsOf(needle);
  return digits.length >= 3 && member.phone !== null && digitsOf(member.phone).includes(digits);
}

export function filterMembers(members: MemberListItem[], filters: MemberFilters): MemberListItem[] {
  return members.filter(
    (member) =>
      matchesSearch(member, filters.search) &&
      (filters.role === undefined || member.role === filters.role) &&
      (filters.status === undefined || statusKeysOf(member).includes(filters.status)) &&
      (filters.twoStep === undefined || twoStepKeyOf(member) === filters.twoStep),
  );
}

export function hasActiveFilters(filters: MemberFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.role !== undefined ||
    filters.status !== undefined ||
    filters.twoStep !== undefined
  );
}

const STATUS_RANK: Record<MemberListItem['status'], number> = { active: 0, invited: 1, frozen: 2, deactivated: 3 };

/** Missing values (never signed in, no password yet) sort after every real one, in both directions alike. */
function compareNullable(a: number | null, b: number | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  return a - b;
}

export const memberSorters = {
  name: (a: MemberListItem, b: MemberListItem) => a.name.localeCompare(b.name),
  role: (a: MemberListItem, b: MemberListItem) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
  status: (a: MemberListItem, b: MemberListItem) =>
    STATUS_RANK[a.status] - STATUS_RANK[b.status] || Number(b.locked) - Number(a.locked),
  lastSignIn: (a: MemberListItem, b: MemberListItem) =>
    compareNullable(
      a.lastSignInAt === null ? null : Date.parse(a.lastSignInAt),
      b.lastSignInAt === null ? null : Date.parse(b.lastSignInAt),
    ),
  twoStep: (a: MemberListItem, b: MemberListItem) =>
    TWO_STEP_FILTER_KEYS.indexOf(twoStepKeyOf(a)) - TWO_STEP_FILTER_KEYS.indexOf(twoStepKeyOf(b)),
  recovery: (a: MemberListItem, b: MemberListItem) => a.recoveryWays - b.recoveryWays,
  passwordAge: (a: MemberListItem, b: MemberListItem) => compareNullable(passwordAgeDays(a), passwordAgeDays(b)),
};

interface Viewer {
  id: string;
  role: RoleName;
}

/**
 * Whether the viewer gets admin actions on this member: never on themselves (self-service is for that), and only
 * owners act on owners. The server refuses both anyway; the UI just does not offer them.
 */
export function canActOn(viewer: Viewer, member: Pick<MemberListItem, 'id' | 'role'>): boolean {
  return member.id !== viewer.id && (viewer.role === 'owner' || member.role !== 'owner');
}

/** Bulk actions apply to members who can sign in (not invited, not deactivated) and whom the viewer may act on. */
export function isBulkSelectable(viewer: Viewer, member: MemberListItem): boolean {
  return canActOn(viewer, member) && (member.status === 'active' || member.status === 'frozen');
}
