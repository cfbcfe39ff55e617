/** Types and calls of the unauthenticated recovery endpoints (notes/recovery-design.md, "HTTP contract"). */
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';

export type LinkProblem = 'invalid' | 'expired' | 'used';

export interface SignInInfo {
  /** Origin every link in our mails starts with (the server's PUBLIC_URL). */
  linkOrigin: string;
  antiPhishing: boolean;
}

export type ResetStage = 'second_proof' | 'questions' | 'password';

export interface MaskedChannel {
  id: string;
  kind: 'email' | 'phone';
  masked: string;
}

export interface SecurityQuestionPrompt {
  position: number;
  question: string;
}

export interface ValidResetInspection {
  valid: true;
  stage: ResetStage;
  user: { name: string };
  orgName: string;
  proofs: string[];
  secondProof: {
    required: boolean;
    satisfied: boolean;
    /** Second-factor methods the user can answer with (TOTP, passkey, …); empty until MFA ships. */
    methods: string[];
    /** Verified channels of the other kind (e-mail ↔ phone), masked. */
    channels: MaskedChannel[];
  };
  securityQuestions: SecurityQuestionPrompt[] | null;
  policy: { minLength: number; minScore: number };
  admins: string[];
}

export type ResetInspection = ValidResetInspection | { valid: false; reason?: LinkProblem };

export interface TokenInspection {
  valid: boolean;
  reason?: LinkProblem;
}

export interface RevertInspection extends TokenInspection {
  /** Which sign-in address the change replaced; the link undoes either. */
  kind?: 'email' | 'phone';
  /** The sign-in e-mail after undoing. */
  email?: string;
}

export interface SecurityAnswer {
  position: number;
  answer: string;
}

/** Link/token problems the reset POST can answer with; they end the flow on the "link problem" page. */
export const tokenErrorReasons: Record<string, LinkProblem> = {
  token_invalid: 'invalid',
  token_expired: 'expired',
  token_used: 'used',
};

export function linkProblemOf(reason: string | undefined): LinkProblem {
  return reason === 'expired' || reason === 'used' ? reason : 'invalid';
}

/** Where links in our mails come from; `undefined` while loading or when the server does not say. */
export function useSignInInfo() {
  return useQuery({
    queryKey: ['sign-in-info'],
    queryFn: () => api.get<SignInInfo>('/auth/sign-in-info'),
    staleTime: Infinity,
    retry: false,
    meta: { skipAuthRedirect: true },
  });
}

/** True when the identifier the user typed is a mobile number rather than an e-mail address. */
export function isPhoneIdentifier(identifier: string): boolean {
  return !identifier.includes('@');
}

/** The link problem behind a failed call (`token_expired` → 'expired'), or null for any other error. */
export function tokenProblemOf(error: unknown): LinkProblem | null {
  return isApiError(error) ? (tokenErrorReasons[error.code] ?? null) : null;
}

/** Minutes to wait after a 429, rounded up; null for other errors. */
export function retryMinutesOf(error: unknown): number | null {
  return isApiError(error) && error.status === 429
    ? Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60))
    : null;
}
