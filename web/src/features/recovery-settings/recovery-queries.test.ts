import { describe, expect, it } from 'vitest';
import { CHANNEL_SLOTS, slotStateOf, type RecoveryChannel } from './recovery-queries';

function channel(fields: Partial<RecoveryChannel> & Pick<RecoveryChannel, 'id' | 'kind' | 'role'>): RecoveryChannel {
  return { address: `${fields.id}@example.com`, verified: true, pending: false, verifiedAt: null, ...fields };
}

const [primaryEmail, primaryPhone, backupEmail, backupPhone] = CHANNEL_SLOTS;

describe('slotStateOf', () => {
  it('puts the fixed primary ids in their slots and a pending primary change beside them', () => {
    const channels = [
      channel({ id: 'primary-email', kind: 'email', role: 'primary', address: 'old@example.com' }),
      channel({
        id: 'c0ffee',
        kind: 'email',
        role: 'primary',
        address: 'new@example.com',
        verified: false,
        pending: true,
      }),
    ];
    const state = slotStateOf(channels, primaryEmail);
    expect(state.current?.address).toBe('old@example.com');
    expect(state.pending?.address).toBe('new@example.com');
    expect(slotStateOf(channels, primaryPhone)).toEqual({ current: null, pending: null });
  });

  it('treats a primary phone without an address as not set', () => {
    const channels = [channel({ id: 'primary-phone', kind: 'phone', role: 'primary', address: '', verified: false })];
    expect(slotStateOf(channels, primaryPhone).current).toBeNull();
  });

  it('separates a verified backup from one still waiting for its code', () => {
    const channels = [
      channel({ id: 'b1', kind: 'email', role: 'backup' }),
      channel({ id: 'b2', kind: 'phone', role: 'backup', verified: false, pending: true }),
    ];
    expect(slotStateOf(channels, backupEmail)).toEqual({ current: channels[0], pending: null });
    expect(slotStateOf(channels, backupPhone)).toEqual({ current: null, pending: channels[1] });
  });
});
