import { describe, expect, it } from 'vitest';
import type { MemberListItem } from '../../api/types';
import {
  canActOn,
  filterMembers,
  isBulkSelectable,
  matchesSearch,
  memberSorters,
  passwordAgeDays,
  statusKeysOf,
  twoStepKeyOf,
} from './member-filters';
import { availableActions } from './member-action-list';

function member(overrides: Partial<MemberListItem> = {}): MemberListItem {
  return {
    id: 'm1',
    name: 'Sam Seller',
    email: 'sam@example.com',
    phone: '+86 138 0013 8000',
    role: 'sales',
    status: 'active',
    locked: false,
    lastSignInAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    passwordChangedAt: '2025-01-01T00:00:00.000Z',
    passwordChangeRequired: false,
    deactivatedAt: null,
    deactivateAt: null,
    twoStep: { enrolled: false, methods: [], reenrolRequired: false, resetEffectiveAt: null },
    recoveryWays: 1,
    ...overrides,
  };
}

describe('member filters', () => {
  it('searches name and e-mail ignoring case, and phone numbers by their digits', () => {
    expect(matchesSearch(member(), 'SELLER')).toBe(true);
    expect(matchesSearch(member(), 'sam@')).toBe(true);
    expect(matchesSearch(member(), '13800138')).toBe(true);
    expect(matchesSearch(member(), '138-0013')).toBe(true);
    expect(matchesSearch(member(), 'olivia')).toBe(false);
    // Two digits would match almost every number.
    expect(matchesSearch(member(), '13')).toBe(false);
    expect(matchesSearch(member({ phone: null }), '138')).toBe(false);
  });

  it('reports locked and scheduled deactivation beside the status, and filters on them', () => {
    const locked = member({ id: 'locked', locked: true });
    const scheduled = member({ id: 'scheduled', deactivateAt: '2030-01-01T18:00:00.000Z' });
    const gone = member({ id: 'gone', status: 'deactivated', locked: true, deactivatedAt: '2025-02-01T00:00:00.000Z' });
    expect(statusKeysOf(locked)).toEqual(['active', 'locked']);
    expect(statusKeysOf(scheduled)).toEqual(['active', 'scheduled']);
    expect(statusKeysOf(gone)).toEqual(['deactivated']);
    const all = [member(), locked, scheduled, gone];
    expect(filterMembers(all, { search: '', status: 'locked' }).map((row) => row.id)).toEqual(['locked']);
    expect(filterMembers(all, { search: '', status: 'scheduled' }).map((row) => row.id)).toEqual(['scheduled']);
    expect(filterMembers(all, { search: '', status: 'active' })).toHaveLength(3);
  });

  it('tells enrolled, not set up and re-enrolment required apart', () => {
    expect(twoStepKeyOf(member())).toBe('not_set_up');
    expect(
      twoStepKeyOf(
        member({ twoStep: { enrolled: true, methods: ['totp'], reenrolRequired: false, resetEffectiveAt: null } }),
      ),
    ).toBe('enrolled');
    expect(
      twoStepKeyOf(
        member({ twoStep: { enrolled: false, methods: [], reenrolRequired: true, resetEffectiveAt: null } }),
      ),
    ).toBe('reenrol');
    const all = [
      member({ id: 'a' }),
      member({
        id: 'b',
        twoStep: { enrolled: true, methods: ['passkey'], reenrolRequired: false, resetEffectiveAt: null },
      }),
    ];
    expect(filterMembers(all, { search: '', twoStep: 'enrolled' }).map((row) => row.id)).toEqual(['b']);
    expect(filterMembers(all, { search: '', role: 'admin' })).toEqual([]);
  });

  it('counts the password age in whole days and sorts members without a password last', () => {
    const now = Date.parse('2025-01-11T12:00:00.000Z');
    expect(passwordAgeDays(member(), now)).toBe(10);
    expect(passwordAgeDays(member({ passwordChangedAt: null }), now)).toBeNull();
    const rows = [
      member({ id: 'none', passwordChangedAt: null }),
      member({ id: 'old' }),
      member({ id: 'new', passwordChangedAt: '2025-01-10T00:00:00.000Z' }),
    ];
    expect([...rows].sort(memberSorters.passwordAge).map((row) => row.id)).toEqual(['new', 'old', 'none']);
  });

  it('offers no actions on oneself, and admins none on owners', () => {
    const owner = { id: 'o', role: 'owner' as const };
    const admin = { id: 'a', role: 'admin' as const };
    expect(canActOn(owner, member({ id: 'o', role: 'owner' }))).toBe(false);
    expect(canActOn(owner, member({ id: 'o2', role: 'owner' }))).toBe(true);
    expect(canActOn(admin, member({ id: 'o', role: 'owner' }))).toBe(false);
    expect(canActOn(admin, member({ id: 'a2', role: 'admin' }))).toBe(true);
    expect(isBulkSelectable(owner, member({ status: 'invited' }))).toBe(false);
    expect(isBulkSelectable(owner, member({ status: 'deactivated' }))).toBe(false);
    expect(isBulkSelectable(owner, member())).toBe(true);
  });
});

describe('a two-step reset waiting out its cool-down', () => {
  const owner = { id: 'owner', role: 'owner' as const };
  const enrolled = { enrolled: true, methods: ['totp' as const], reenrolRequired: false };

  it('offers "cancel" instead of a second reset, for active and frozen members', () => {
    const ready = member({ twoStep: { ...enrolled, resetEffectiveAt: null } });
    const pending = member({ twoStep: { ...enrolled, resetEffectiveAt: '2030-01-02T09:00:00.000Z' } });
    expect(availableActions(owner, ready)).toContain('reset_two_step');
    expect(availableActions(owner, ready)).not.toContain('cancel_two_step_reset');
    expect(availableActions(owner, pending)).toContain('cancel_two_step_reset');
    expect(availableActions(owner, pending)).not.toContain('reset_two_step');
    expect(availableActions(owner, { ...pending, status: 'frozen' })).toContain('cancel_two_step_reset');
  });
});
