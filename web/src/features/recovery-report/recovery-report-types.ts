/** GET /api/admin/recovery-report (server/src/identity/admin/recovery-report.service.ts, recoveryReportSchema). */

export type RecoveryPath = 'self_service' | 'assisted' | 'break_glass';

export type RecoveryChannel =
  'email_link' | 'email_code' | 'sms_code' | 'unlock_link' | 'recovery_link' | 'admin_unlock' | 'console_link';

export type TimeBucket = 'under_5m' | '5m_to_30m' | '30m_to_4h' | 'over_4h';

export type ReportPeriod = 30 | 90;

export interface RecoveryPathStats {
  path: RecoveryPath;
  count: number;
  timed: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface RecoveryReport {
  days: number;
  /** The IANA time zone the days are counted in (the one the page sent). */
  timeZone: string;
  from: string;
  to: string;
  total: number;
  /** 0…1; null when nobody recovered in the period. */
  selfServiceShare: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
  paths: RecoveryPathStats[];
  channels: { path: RecoveryPath; channel: RecoveryChannel; count: number }[];
  secondProof: { none: number; secondChannel: number; secondFactor: number };
  timeBuckets: { bucket: TimeBucket; count: number }[];
  failedAttempts: { total: number; wrongCodes: number; refusedResets: number; securityAnswers: number };
  locks: number;
  series: { date: string; selfService: number; assisted: number; breakGlass: number }[];
  targets: { selfServiceShare: number; medianMinutes: number };
}
