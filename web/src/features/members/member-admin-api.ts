/** Admin actions on members (server/src/identity/admin/admin.routes.ts) and the two-person rule's approvals. */
import { api } from '../../api/client';
import type { Member } from '../../api/types';

/** How the admin confirmed who they were talking to (AD-02); 'other' needs a note. */
export const VERIFICATION_METHODS = [
  'in_person_id',
  'video_call',
  'hr_callback',
  'manager_confirmation',
  'other',
] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export interface Verification {
  method: VerificationMethod;
  note?: string;
}

export type RecoveryDelivery =
  { channel: 'email'; address: string } | { channel: 'sms'; address: string } | { channel: 'in_person' };

export interface RecoveryLinkRequest {
  verification: Verification;
  delivery: RecoveryDelivery;
  resetTwoStep?: boolean;
}

/** 201 of recovery-link and reactivate: link and QR code only for a hand-over in person, shown this once. */
export interface IssuedRecoveryLink {
  expiresAt: string;
  delivery: { channel: 'email' | 'sms' | 'in_person'; address: string | null };
  link: string | null;
  qrSvg: string | null;
}

/** 202: the member is an owner (or an admin, for actions that open a way in) — a second person must approve. */
export interface PendingApproval {
  approval: { id: string; action: string; expiresAt: string };
}

/** 200 of a two-step reset: when it takes effect; `applied` when at once (the policy has no cool-down). */
export interface TwoStepResetScheduled {
  id: string;
  effectiveAt: string;
  applied: boolean;
}

export function isPendingApproval(result: unknown): result is PendingApproval {
  return typeof result === 'object' && result !== null && 'approval' in result;
}

export function isIssuedRecoveryLink(result: unknown): result is IssuedRecoveryLink {
  return typeof result === 'object' && result !== null && 'delivery' in result && 'expiresAt' in result;
}

export interface MemberEvent {
  id: number;
  occurredAt: string;
  action: string;
  outcome: string;
  actorLabel: string | null;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'cancelled' | 'rejected' | 'expired';

export interface ApprovalPerson {
  id: string;
  name: string;
  email: string;
}

export interface Approval {
  id: string;
  action: string;
  status: ApprovalStatus;
  target: ApprovalPerson;
  requestedBy: ApprovalPerson;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  canApprove: boolean;
  canCancel: boolean;
}

const memberPath = (id: string, action: string) => `/members/${encodeURIComponent(id)}/${action}`;

export const memberAdminApi = {
  unlock: (id: string) => api.post<Member | PendingApproval>(memberPath(id, 'unlock')),
  endSessions: (id: string) => api.post<{ ended: number } | PendingApproval>(memberPath(id, 'sessions/end')),
  requirePasswordChange: (id: string) => api.post<Member | PendingApproval>(memberPath(id, 'require-password-change')),
  requireRecoverySetup: (id: string) => api.post<unknown>(memberPath(id, 'require-recovery-setup')),
  unfreeze: (id: string) => api.post<unknown>(memberPath(id, 'unfreeze')),
  replaceContact: (id: string, body: { kind: 'email' | 'phone'; address: string; verification: Verification }) =>
    api.post<{ pending: true; address: string } | PendingApproval>(memberPath(id, 'contact'), body),
  resetTwoStep: (id: string, verification: Verification) =>
    api.post<TwoStepResetScheduled | PendingApproval>(memberPath(id, 'two-step/reset'), { verification }),
  /** Voids a reset still in its cool-down; the member is told. */
  cancelTwoStepReset: (id: string) =>
    api.post<{ cancelled: true } | PendingApproval>(memberPath(id, 'two-step/reset/cancel')),
  issueRecoveryLink: (id: string, body: RecoveryLinkRequest) =>
    api.post<IssuedRecoveryLink | PendingApproval>(memberPath(id, 'recovery-link'), body),
  /** Without `at` at once; with it, scheduled (the member stays active until then). */
  deactivate: (id: string, at?: string) =>
    api.post<Member | PendingApproval>(memberPath(id, 'deactivate'), at === undefined ? {} : { at }),
  cancelDeactivation: (id: string) => api.post<Member | PendingApproval>(memberPath(id, 'deactivation/cancel')),
  reactivate: (id: string, body: RecoveryLinkRequest) =>
    api.post<IssuedRecoveryLink | PendingApproval>(memberPath(id, 'reactivate'), body),
  events: (id: string) => api.get<MemberEvent[]>(memberPath(id, 'events')),
  approvals: () => api.get<Approval[]>('/approvals'),
  approve: (id: string) => api.post<{ result: unknown }>(`/approvals/${encodeURIComponent(id)}/approve`),
  cancelApproval: (id: string) => api.post<void>(`/approvals/${encodeURIComponent(id)}/cancel`),
};
