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
   * disable the password here; that needs the self-service reset, which is not built yet.
   */
  hardFailureCeiling: 100,
} as const;
