/**
 * Every request-rate rule in one place. Sign-in failure counting (per account, per known browser, per IP) lives in
 * the database so that several app processes share it; the coarse request limits below are per process.
 */
export const rateLimits = {
  /** Failed sign-ins from one IP across all accounts (credential stuffing): then 429 until the window slides. */
  signInFailuresPerIp: { max: 20, windowMinutes: 15 },
  /** Sign-in requests per IP per minute, success or not: bounds argon2 work an attacker can make us do. */
  signInRequestsPerIpPerMinute: 60,
  /** Password strength checks per IP per minute (the meter debounces; this only stops scripted use). */
  passwordCheckPerIpPerMinute: 120,
  /** Unlock, invitation and setup endpoints per IP per minute. */
  tokenEndpointsPerIpPerMinute: 30,
  /** Everything else under /api per IP per minute. */
  apiPerIpPerMinute: 600,
  /**
   * Failures in one budget at which an alert event (sign_in_failure_ceiling) is recorded. NIST 800-63B §3.2.2 would
   * disable the password here; we only alert, because that would let anyone force a targeted user through a reset,
   * while the temporary lock already caps guessing at the policy's limit per lock period.
   */
  hardFailureCeiling: 100,
  /** Forgot-password and unlock requests per IP (counted in recovery_requests, shared by all processes): then 429. */
  recoveryRequestsPerIp: { max: 20, windowMinutes: 15 },
  /**
   * Requests per identifier that may produce a message; later ones still answer 202 but send nothing (no oracle).
   * Counted for unknown identifiers too.
   */
  recoverySendsPerIdentifier: { max: 3, windowMinutes: 60 },
  /** Recovery messages per account across all its addresses. */
  recoverySendsPerAccount: { max: 3, windowMinutes: 60 },
  /** Wrong recovery codes per account (across re-issued codes) before further codes are refused. */
  recoveryCodeFailuresPerAccount: { max: 10, windowMinutes: 60 },
  /** SMS toll-fraud guard, shared by recovery and channel verification (recovery-limits.ts). */
  smsPerNumber: { max: 3, windowMinutes: 60 },
  /**
   * Security notices ("your password was reset", "a new two-step method takes effect at…") to a verified number may
   * go past smsPerNumber up to this many sends in the same window: a person who just used up the code budget must
   * still hear of what happened. Only account events send them, never an anonymous request.
   */
  smsNoticesPerNumber: { max: 6, windowMinutes: 60 },
  /** Per country calling code, except the organisation's own region. */
  smsPerCountry: { max: 30, windowMinutes: 60 },
  smsGlobal: { max: 100, windowMinutes: 60 },
  /** A new code to the same address only after this pause (429 resend_too_soon with Retry-After). */
  codeResendSeconds: 60,
  /** Channel verification codes per user per hour. */
  channelCodesPerUser: { max: 5, windowMinutes: 60 },
  /** CRM import uploads per member (counted in crm_imports, shared by all processes): each is parsed whole, up to 32 MB. */
  importUploadsPerUser: { max: 30, windowMinutes: 60 },
} as const;
