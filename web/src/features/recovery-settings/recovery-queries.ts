/** Types and calls of the signed-in recovery endpoints (notes/recovery-design.md, "Authenticated"). */
import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { meQueryKey } from '../auth/session-queries';

export type ChannelKind = 'email' | 'phone';
export type ChannelRole = 'primary' | 'backup';

export interface RecoveryChannel {
  /** `primary-email`, `primary-phone`, or the id of a backup / pending change. */
  id: string;
  kind: ChannelKind;
  role: ChannelRole;
  address: string;
  verified: boolean;
  /** Added but its code not entered yet (a new backup, or a new sign-in address waiting to take over). */
  pending: boolean;
  verifiedAt: string | null;
}

export interface QuestionPosition {
  position: number;
  questionKey: string | null;
  customQuestion: string | null;
}

export interface AccountRecovery {
  channels: RecoveryChannel[];
  securityQuestions: { enabled: boolean; configured: boolean; positions: QuestionPosition[] };
  questionCatalog: { key: string }[];
  readiness: { ways: number; needed: number; required: boolean };
  reauthenticatedUntil: string | null;
}

export interface SecurityQuestionInput {
  questionKey?: string;
  customQuestion?: string;
  answer: string;
}

export const accountRecoveryQueryKey = ['account-recovery'] as const;

export function useAccountRecovery() {
  return useQuery({
    queryKey: accountRecoveryQueryKey,
    queryFn: () => api.get<AccountRecovery>('/account/recovery'),
  });
}

/** A channel change also changes Me (readiness, the verified flags, maybe the sign-in e-mail). */
export async function refreshRecovery(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: accountRecoveryQueryKey }),
    queryClient.invalidateQueries({ queryKey: meQueryKey }),
  ]);
}

const channelPath = (id: string) => `/account/recovery/channels/${encodeURIComponent(id)}`;

export const recoveryApi = {
  addChannel: (input: { kind: ChannelKind; role: ChannelRole; address: string }) =>
    api.post<{ id: string; pending: boolean }>('/account/recovery/channels', input),
  verifyChannel: (id: string, code: string) => api.post<RecoveryChannel>(`${channelPath(id)}/verify`, { code }),
  /** A pending channel gets a fresh code; the current primary address gets its first one through send-code. */
  sendCode: (id: string) =>
    api.post<void>(id.startsWith('primary-') ? `${channelPath(id)}/send-code` : `${channelPath(id)}/resend`),
  removeChannel: (id: string) => api.delete<void>(channelPath(id)),
  saveQuestions: (questions: SecurityQuestionInput[]) =>
    api.put<unknown>('/account/recovery/security-questions', { questions }),
  removeQuestions: () => api.delete<void>('/account/recovery/security-questions'),
};

/** The four places a way back can live, in the order the page lists them. */
export const CHANNEL_SLOTS = [
  { kind: 'email', role: 'primary' },
  { kind: 'phone', role: 'primary' },
  { kind: 'email', role: 'backup' },
  { kind: 'phone', role: 'backup' },
] as const satisfies readonly { kind: ChannelKind; role: ChannelRole }[];

export type ChannelSlot = (typeof CHANNEL_SLOTS)[number];

export interface SlotState {
  /** The address in use for this slot (verified or not); null when nothing is set. */
  current: RecoveryChannel | null;
  /** A new address waiting for its code (a change of the primary, or a backup not verified yet). */
  pending: RecoveryChannel | null;
}

/**
 * Sorts the server's channel list into the four slots. Primary addresses have fixed ids; anything else with the
 * primary role is a change in progress.
 */
export function slotStateOf(channels: RecoveryChannel[], slot: ChannelSlot): SlotState {
  const inSlot = channels.filter((channel) => channel.kind === slot.kind && channel.role === slot.role);
  if (slot.role === 'primary') {
    const fixedId = slot.kind === 'email' ? 'primary-email' : 'primary-phone';
    const current = inSlot.find((channel) => channel.id === fixedId && channel.address !== '') ?? null;
    const pending = inSlot.find((channel) => channel.id !== fixedId && channel.pending) ?? null;
    return { current, pending };
  }
  const current = inSlot.find((channel) => !channel.pending) ?? null;
  const pending = inSlot.find((channel) => channel.pending) ?? null;
  return { current, pending };
}
