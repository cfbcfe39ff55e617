import { and, asc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { publicLink } from '../../config.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { organizations } from '../orgs/org.tables.ts';
import { lifecycleRule } from '../orgs/security-policy.schema.ts';
import { formatTime } from '../recovery/recovery-notices.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { users } from '../users/user.tables.ts';
import { automaticAuditEntry, claimDeactivation, closeAccess, deactivationReason, mailVerifiedAddresses, organizationLocale } from './deactivation.ts';
import { applyDueTwoStepResets } from './two-step-reset.service.ts';

export const LIFECYCLE_SWEEP_QUEUE = 'member.lifecycle-sweep';
/** How often each process queues a sweep; a scheduled deactivation happens at most this late. */
export const LIFECYCLE_SWEEP_INTERVAL_MS = 30_000;
const DAY_MS = 86_400_000;
/** Accounts handled per sweep and kind; the next sweep takes the rest. */
const BATCH_SIZE = 200;

/**
 * When a member last showed up: their last sign-in, or a password they set (invitation, reset, recovery link — all of
 * which only they can do), or the account's creation. GREATEST skips NULLs.
 */
const lastActivity = sql<Date>`greatest(${users.lastSignInAt}, ${users.passwordChangedAt}, ${users.createdAt})`;

function lastActivityOf(user: Pick<UserRow, 'lastSignInAt' | 'passwordChangedAt' | 'createdAt'>): Date {
  return [user.lastSignInAt, user.passwordChangedAt].reduce<Date>((latest, value) => (value && value > latest ? value : latest), user.createdAt);
}

export interface SweepResult {
  deactivated: number;
  reminded: number;
  refused: number;
  twoStepResetsApplied: number;
}

/**
 * The account lifecycle's background work, safe to run in every app process at once: scheduled deactivations that
 * fell due (also those that fell due while the server was down), the organisation's optional inactivity policy, and
 * admins' two-step resets whose cool-down is over. Every change is a conditional UPDATE (deactivations under the owner
 * lock, deactivation.ts; resets by claiming the row, two-step-reset.service.ts), so two sweeps never act twice.
 */
export class LifecycleSweep {
  constructor(private readonly deps: IdentityDependencies) {}

  async run(now = new Date()): Promise<SweepResult> {
    const scheduled = await this.deactivateDue(now);
    const inactivity = await this.applyInactivityPolicies(now);
    // After the deactivations: a member deactivated in this sweep has had their pending reset voided.
    const twoStepResetsApplied = await applyDueTwoStepResets(this.deps, now);
    return { deactivated: scheduled.deactivated + inactivity.deactivated, reminded: inactivity.reminded, refused: scheduled.refused, twoStepResetsApplied };
  }

  private async organization(orgId: string): Promise<OrganizationRow | undefined> {
    const [organization] = await this.deps.db.select().from(organizations).where(eq(organizations.id, orgId));
    return organization;
  }

  /** Scheduled deactivations whose time has come. The last active owner is never deactivated: the schedule is dropped and audited instead. */
  async deactivateDue(now: Date) {
    const { db } = this.deps;
    const due = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.status, ['active', 'frozen']), lte(users.deactivateAt, now)))
      .orderBy(asc(users.deactivateAt))
      .limit(BATCH_SIZE);
    let deactivated = 0;
    let refused = 0;
    for (const { id } of due) {
      const result = await claimDeactivation(this.deps, id, now, ['active', 'frozen'], lte(users.deactivateAt, now));
      if ('claimed' in result) {
        await this.finish(result.previous, now, { reason: 'scheduled', scheduledFor: result.previous.deactivateAt?.toISOString() ?? null });
        deactivated += 1;
      } else if (result.refused === 'last_owner') {
        const [dropped] = await db
          .update(users)
          .set({ deactivateAt: null, updatedAt: now })
          .where(and(eq(users.id, id), lte(users.deactivateAt, now)))
          .returning();
        if (dropped) {
          await this.deps.audit.record(automaticAuditEntry(dropped, 'member_deactivated', { reason: 'scheduled', refused: 'last_owner' }, 'failure'));
          refused += 1;
        }
      }
    }
    return { deactivated, refused };
  }

  async applyInactivityPolicies(now: Date) {
    const orgs = await this.deps.db
      .select()
      .from(organizations)
      .where(sql`${organizations.securityPolicy}->'lifecycle'->>'disableInactiveAfterDays' is not null`);
    let reminded = 0;
    let deactivated = 0;
    for (const organization of orgs) {
      const { disableInactiveAfterDays: limitDays, inactivityReminderDays: reminderDays } = lifecycleRule(organization.securityPolicy);
      if (limitDays === null) continue;
      reminded += await this.remindInactive(organization, limitDays, reminderDays, now);
      deactivated += await this.deactivateInactive(organization, limitDays, reminderDays, now);
    }
    return { reminded, deactivated };
  }

  /**
   * Owners are never disabled for inactivity (nor reminded): an owner who is away must not cost the organisation its
   * last owner, and a second owner can still deactivate one deliberately. Claiming the row makes each reminder go out once.
   */
  private async remindInactive(organization: OrganizationRow, limitDays: number, reminderDays: number, now: Date): Promise<number> {
    const remindFrom = new Date(now.getTime() - (limitDays - reminderDays) * DAY_MS);
    const claimed = await this.deps.db
      .update(users)
      .set({ inactivityReminderSentAt: now })
      .where(
        and(
          eq(users.orgId, organization.id),
          eq(users.status, 'active'),
          ne(users.role, 'owner'),
          lte(lastActivity, remindFrom),
          // A reminder from before the member's last activity was answered (a sign-in also clears it).
          or(isNull(users.inactivityReminderSentAt), lt(users.inactivityReminderSentAt, lastActivity)),
        ),
      )
      .returning();
    const locale = organizationLocale(organization);
    for (const user of claimed) {
      const lastSeen = lastActivityOf(user);
      // Nobody is disabled sooner than `reminderDays` after the reminder (an organisation turning the policy on
      // gives everyone long idle that much notice).
      const disableOn = new Date(Math.max(lastSeen.getTime() + limitDays * DAY_MS, now.getTime() + reminderDays * DAY_MS));
      await mailVerifiedAddresses(this.deps, user, organization, locale, {
        template: 'inactivityReminder',
        params: () => ({ orgName: organization.name, days: limitDays, lastActive: formatTime(lastSeen), date: formatTime(disableOn)}),
        actionUrl: publicLink(this.deps.config, '/login'),
        orSignInAddress: true,
      });
      await this.deps.audit.record(automaticAuditEntry(user, 'member_inactivity_reminder_sent', { lastActivity: lastSeen.toISOString(), disableOn: disableOn.toISOString(), limitDays }));
    }
    return claimed.length;
  }

  private async deactivateInactive(organization: OrganizationRow, limitDays: number, reminderDays: number, now: Date): Promise<number> {
    const idleSince = new Date(now.getTime() - limitDays * DAY_MS);
    const remindedBy = new Date(now.getTime() - reminderDays * DAY_MS);
    // Repeated in the claim's UPDATE: a sign-in between this read and the claim keeps the account.
    const inactive = and(ne(users.role, 'owner'), lte(lastActivity, idleSince), lte(users.inactivityReminderSentAt, remindedBy), gte(users.inactivityReminderSentAt, lastActivity));
    const candidates = await this.deps.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, organization.id), eq(users.status, 'active'), inactive))
      .limit(BATCH_SIZE);
    let deactivated = 0;
    for (const { id } of candidates) {
      const result = await claimDeactivation(this.deps, id, now, ['active'], inactive);
      if (!('claimed' in result)) continue;
      await this.finish(result.previous, now, { reason: 'inactive', lastActivity: lastActivityOf(result.previous).toISOString(), limitDays }, organization);
      deactivated += 1;
    }
    return deactivated;
  }

  /** After the claim: close every way in, audit, tell the member. */
  private async finish(member: UserRow, now: Date, details: { reason: 'scheduled' | 'inactive' } & Record<string, unknown>, known?: OrganizationRow): Promise<void> {
    const access = await closeAccess(this.deps, member.id);
    await this.deps.audit.record(automaticAuditEntry(member, 'member_deactivated', { ...details, ...access }));
    const organization = known ?? (await this.organization(member.orgId));
    if (!organization) return;
    const limitDays = typeof details.limitDays === 'number' ? details.limitDays : 0;
    await mailVerifiedAddresses(this.deps, member, organization, organizationLocale(organization), {
      template: 'accountDeactivated',
      params: (locale) => ({ orgName: organization.name, time: formatTime(now), reason: deactivationReason(locale, details.reason, { days: limitDays })}),
    });
  }
}

/**
 * Queues the sweep as a pg-boss job: at start-up (a deactivation that fell due while the server was down happens
 * now) and every LIFECYCLE_SWEEP_INTERVAL_MS. pg-boss's own scheduler is off (JobQueue), so each process keeps an
 * unref'd timer; the timed sweeps share one slot per interval, so several processes still queue one sweep each time
 * (and a start-up sweep that overlaps another would do no harm: its updates are conditional).
 */
export function registerLifecycleJobs(deps: IdentityDependencies, jobs: JobQueue, onError: (error: unknown) => void) {
  const sweep = new LifecycleSweep(deps);
  // A failed sweep is not retried: the next one comes within the interval.
  jobs.define(LIFECYCLE_SWEEP_QUEUE, async () => {
    await sweep.run();
  }, { retryLimit: 0 });
  let timer: NodeJS.Timeout | undefined;
  const queueSweep = (options: { oncePerSeconds?: number } = {}) => {
    jobs.send(LIFECYCLE_SWEEP_QUEUE, {}, options).catch(onError);
  };
  return {
    sweep,
    start() {
      queueSweep();
      timer = setInterval(() => queueSweep({ oncePerSeconds: LIFECYCLE_SWEEP_INTERVAL_MS / 1000 }), LIFECYCLE_SWEEP_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
