import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { AuditAction } from '../../audit/audit-actions.ts';
import type { Database } from '../../db/client.ts';
import { bucketOf } from '../../db/time-buckets.ts';
import { addDays, calendarDay, dayStart } from '../../i18n/time-zone.ts';

/**
 * How people got back in: a read-only projection of the audit log (AD-01…AD-03 leave every recovery there), so the
 * report needs no tables of its own and covers whatever the log holds. The goal it makes visible: nearly every way
 * back is self-service and takes minutes; admin help and the console's break-glass link stay rare.
 */

export const recoveryPaths = ['self_service', 'assisted', 'break_glass'] as const;
export type RecoveryPath = (typeof recoveryPaths)[number];

/** How each path came back: the reset message's link or code, the lock notice's unlock link, or an admin's help. */
export const recoveryChannels = ['email_link', 'email_code', 'sms_code', 'unlock_link', 'recovery_link', 'admin_unlock', 'console_link'] as const;
export type RecoveryChannel = (typeof recoveryChannels)[number];

const channelPath: Record<RecoveryChannel, RecoveryPath> = {
  email_link: 'self_service',
  email_code: 'self_service',
  sms_code: 'self_service',
  unlock_link: 'self_service',
  recovery_link: 'assisted',
  admin_unlock: 'assisted',
  console_link: 'break_glass',
};

/** Buckets of the time from the request (reset message, lock, admin's link) to back in. */
export const timeBuckets = ['under_5m', '5m_to_30m', '30m_to_4h', 'over_4h'] as const;

/** What the page draws as the goal: this share self-service, at this median. */
export const recoveryTargets = { selfServiceShare: 0.9, medianMinutes: 5 } as const;

export const reportPeriods = ['30', '90'] as const;

const RECOVERY_ACTIONS: AuditAction[] = ['password_reset', 'account_unlocked', 'assisted_recovery_completed', 'member_unlocked'];
const WRONG_CODE_ACTIONS: AuditAction[] = ['recovery_code_failed', 'recovery_second_factor_failed'];
const REFUSED_ACTIONS: AuditAction[] = ['password_reset_refused', 'password_reset_capped', 'recovery_code_budget_exhausted'];
const SECURITY_ANSWER_ACTIONS: AuditAction[] = ['security_answers_failed'];
const LOCK_ACTIONS: AuditAction[] = ['account_locked'];

const minutesField = z.number().nullable().describe('Minutes from the request to back in; null without timed recoveries');
const pathStatsSchema = z.object({ path: z.enum(recoveryPaths), count: z.number().int(), timed: z.number().int(), medianMinutes: minutesField, p90Minutes: minutesField });

export const recoveryReportSchema = z.object({
  days: z.number().int(),
  /** The IANA time zone whose calendar days the series follows (the viewer's). */
  timeZone: z.string(),
  /** The first instant counted: local midnight `days - 1` days before today. */
  from: z.date(),
  to: z.date(),
  total: z.number().int(),
  selfServiceShare: z.number().nullable().describe('0…1; null when nobody recovered in the period'),
  medianMinutes: minutesField,
  p90Minutes: minutesField,
  paths: z.array(pathStatsSchema),
  channels: z.array(z.object({ path: z.enum(recoveryPaths), channel: z.enum(recoveryChannels), count: z.number().int() })),
  /** Self-service resets by what else was proven besides the message's channel. */
  secondProof: z.object({ none: z.number().int(), secondChannel: z.number().int(), secondFactor: z.number().int() }),
  timeBuckets: z.array(z.object({ bucket: z.enum(timeBuckets), count: z.number().int() })),
  failedAttempts: z.object({ total: z.number().int(), wrongCodes: z.number().int(), refusedResets: z.number().int(), securityAnswers: z.number().int() }),
  locks: z.number().int(),
  series: z.array(z.object({ date: z.string().describe('YYYY-MM-DD in the requested time zone'), selfService: z.number().int(), assisted: z.number().int(), breakGlass: z.number().int() })),
  targets: z.object({ selfServiceShare: z.number(), medianMinutes: z.number() }),
});
export type RecoveryReport = z.infer<typeof recoveryReportSchema>;

/** Percentiles come back as double precision; a minute and a tenth is precise enough for the page. */
function roundMinutes(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}

export class RecoveryReportService {
  constructor(private readonly db: Database) {}

  /**
   * Days are calendar days in `zone` (the viewer's IANA time zone), today included: each starts at local midnight, so
   * a day on which clocks change is 23 or 25 hours long and no event is counted on the wrong date.
   */
  async report(orgId: string, days: number, zone: string, now = new Date()): Promise<RecoveryReport> {
    const today = calendarDay(now, zone);
    const dayBuckets = Array.from({ length: days }, (_, index) => {
      const date = addDays(today, index + 1 - days);
      return { date, start: dayStart(date, zone) };
    });
    const from = dayBuckets[0]?.start ?? dayStart(today, zone);
    const { db } = this;

    const action = auditEvents.action;
    const details = auditEvents.details;
    const isBreakGlass = sql`${action} = 'assisted_recovery_completed' and ${details}->>'kind' = 'break_glass'`;
    // Each recovery with the moment its way back started: the reset message (requestedAt, recorded by the reset), the
    // admin's link (issuedAt), or for an unlock the latest lock of that account before it.
    const startedAt = sql`case
      when ${action} = 'password_reset' then (${details}->>'requestedAt')::timestamptz
      when ${action} = 'assisted_recovery_completed' then (${details}->>'issuedAt')::timestamptz
      else (select max(locks.occurred_at) from audit_events locks
            where locks.action = 'account_locked' and locks.org_id = ${auditEvents.orgId}
              and locks.target_user_id = ${auditEvents.targetUserId} and locks.occurred_at <= ${auditEvents.occurredAt})
    end`;
    const recoveries = db.$with('recoveries').as(
      db
        .select({
          day: bucketOf(auditEvents.occurredAt, dayBuckets).as('day'),
          path: sql<RecoveryPath>`case when ${isBreakGlass} then 'break_glass' when ${action} in ('assisted_recovery_completed', 'member_unlocked') then 'assisted' else 'self_service' end`.as('path'),
          channel: sql<RecoveryChannel>`case
            when ${action} = 'account_unlocked' then 'unlock_link'
            when ${action} = 'member_unlocked' then 'admin_unlock'
            when ${isBreakGlass} then 'console_link'
            when ${action} = 'assisted_recovery_completed' then 'recovery_link'
            when ${details}->'proofs'->>0 like 'phone:%' then 'sms_code'
            when ${details}->>'via' = 'code' then 'email_code'
            else 'email_link'
          end`.as('channel'),
          secondProof: sql<'none' | 'channel' | 'factor' | null>`case
            when ${action} <> 'password_reset' then null
            when ${details}->>'secondProof' like 'factor:%' then 'factor'
            when ${details}->>'secondProof' is not null then 'channel'
            else 'none'
          end`.as('second_proof'),
          minutes: sql<number | null>`greatest(0, extract(epoch from (${auditEvents.occurredAt} - (${startedAt}))) / 60.0)`.as('minutes'),
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.orgId, orgId), gte(auditEvents.occurredAt, from), inArray(action, RECOVERY_ACTIONS))),
    );

    const percentile = (fraction: number) => sql<number | null>`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${recoveries.minutes})`;
    const count = sql<number>`count(*)::int`;
    const countWhere = (condition: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${condition}))::int`;

    // One row per path and one for everything (grouping sets), with the time buckets of the whole.
    const timing = await db
      .with(recoveries)
      .select({
        isTotal: sql<number>`grouping(${recoveries.path})::int`,
        path: recoveries.path,
        count,
        timed: sql<number>`count(${recoveries.minutes})::int`,
        median: percentile(0.5),
        p90: percentile(0.9),
        under5m: countWhere(sql`${recoveries.minutes} < 5`),
        under30m: countWhere(sql`${recoveries.minutes} >= 5 and ${recoveries.minutes} < 30`),
        under4h: countWhere(sql`${recoveries.minutes} >= 30 and ${recoveries.minutes} < 240`),
        over4h: countWhere(sql`${recoveries.minutes} >= 240`),
      })
      .from(recoveries)
      .groupBy(sql`grouping sets ((${recoveries.path}), ())`);

    const byChannel = await db
      .with(recoveries)
      .select({ channel: recoveries.channel, secondProof: recoveries.secondProof, count })
      .from(recoveries)
      .groupBy(recoveries.channel, recoveries.secondProof);

    const byDay = await db.with(recoveries).select({ day: recoveries.day, path: recoveries.path, count }).from(recoveries).groupBy(recoveries.day, recoveries.path);

    const within = (actions: AuditAction[]) => sql`${action} in (${sql.join(actions.map((name) => sql`${name}`), sql`, `)})`;
    const [failures] = await db
      .select({
        wrongCodes: countWhere(within(WRONG_CODE_ACTIONS)),
        refusedResets: countWhere(within(REFUSED_ACTIONS)),
        securityAnswers: countWhere(within(SECURITY_ANSWER_ACTIONS)),
        locks: countWhere(within(LOCK_ACTIONS)),
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), gte(auditEvents.occurredAt, from), inArray(action, [...WRONG_CODE_ACTIONS, ...REFUSED_ACTIONS, ...SECURITY_ANSWER_ACTIONS, ...LOCK_ACTIONS])));

    const overall = timing.find((row) => Number(row.isTotal) === 1);
    const total = overall?.count ?? 0;
    const pathRow = (path: RecoveryPath) => timing.find((row) => Number(row.isTotal) === 0 && row.path === path);
    const channelCount = (channel: RecoveryChannel) => byChannel.filter((row) => row.channel === channel).reduce((sum, row) => sum + row.count, 0);
    const secondProofCount = (kind: 'none' | 'channel' | 'factor') => byChannel.filter((row) => row.secondProof === kind).reduce((sum, row) => sum + row.count, 0);
    const selfService = pathRow('self_service')?.count ?? 0;

    const perDay = new Map<string, Record<RecoveryPath, number>>();
    for (const { date } of dayBuckets) perDay.set(date, { self_service: 0, assisted: 0, break_glass: 0 });
    for (const row of byDay) {
      // Bucket 1 is the first day; the last one runs on past now (an event stamped ahead by clock skew counts today).
      const entry = perDay.get(dayBuckets[row.day - 1]?.date ?? '');
      if (entry) entry[row.path] += row.count;
    }
    const wrongCodes = failures?.wrongCodes ?? 0;
    const refusedResets = failures?.refusedResets ?? 0;
    const securityAnswers = failures?.securityAnswers ?? 0;

    return {
      days,
      timeZone: zone,
      from,
      to: now,
      total,
      selfServiceShare: total === 0 ? null : selfService / total,
      medianMinutes: roundMinutes(overall?.median ?? null),
      p90Minutes: roundMinutes(overall?.p90 ?? null),
      paths: recoveryPaths.map((path) => {
        const row = pathRow(path);
        return { path, count: row?.count ?? 0, timed: row?.timed ?? 0, medianMinutes: roundMinutes(row?.median ?? null), p90Minutes: roundMinutes(row?.p90 ?? null) };
      }),
      channels: recoveryChannels.map((channel) => ({ path: channelPath[channel], channel, count: channelCount(channel) })),
      secondProof: { none: secondProofCount('none'), secondChannel: secondProofCount('channel'), secondFactor: secondProofCount('factor') },
      timeBuckets: [
        { bucket: 'under_5m', count: overall?.under5m ?? 0 },
        { bucket: '5m_to_30m', count: overall?.under30m ?? 0 },
        { bucket: '30m_to_4h', count: overall?.under4h ?? 0 },
        { bucket: 'over_4h', count: overall?.over4h ?? 0 },
      ],
      failedAttempts: { total: wrongCodes + refusedResets + securityAnswers, wrongCodes, refusedResets, securityAnswers },
      locks: failures?.locks ?? 0,
      series: [...perDay].map(([date, counts]) => ({ date, selfService: counts.self_service, assisted: counts.assisted, breakGlass: counts.break_glass })),
      targets: { ...recoveryTargets },
    };
  }
}
