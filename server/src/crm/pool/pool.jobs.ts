import { eq } from 'drizzle-orm';
import { publicLink } from '../../config.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { userLocale } from '../../identity/login/login.service.ts';
import { organizations } from '../../identity/orgs/org.tables.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { MailTemplate } from '../../messaging/templates/render-mail.ts';
import { HistoryService } from '../history/history.service.ts';
import { PoolRepository } from './pool.repository.ts';
import { entry } from './pool.service.ts';

export const POOL_SWEEP_QUEUE = 'crm.pool-return-sweep';
/** How often each process queues a sweep: the rule counts in days, so a few minutes late does not matter. */
export const POOL_SWEEP_INTERVAL_MS = 300_000;
const DAY_MS = 86_400_000;
/** Customers handled per organisation, kind and sweep; the next sweep takes the rest. */
const BATCH_SIZE = 500;
/** Names listed in one mail; the rest are counted. */
const NAMES_IN_MAIL = 20;

interface ReturnRule {
  returnAfterDays: number;
  noticeDays: number;
}

function groupByOwner<Row extends { id: string; ownerUserId: string }>(rows: Row[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.ownerUserId, [...(groups.get(row.ownerUserId) ?? []), row.id]);
  return groups;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The return rule (公海回收): for every organisation with `returnAfterDays`, owned live customers whose idle time
 * (GREATEST of the last follow-up and owned_since) reaches the limit go back to the pool, after their owner was mailed
 * `noticeDays` before (one mail per owner and sweep, listing them; the notice is stamped on the customer so it is not
 * sent again for the same idle spell). Safe in every app process at once: notices and returns are conditional UPDATEs
 * on "still due and still this owner's", so a second sweep finds nothing left to do.
 */
export class PoolSweep {
  private readonly repository: PoolRepository;
  private readonly history = new HistoryService();

  constructor(private readonly identity: IdentityDependencies) {
    this.repository = new PoolRepository(identity.db);
  }

  async run(now = new Date()): Promise<{ noticed: number; returned: number }> {
    let noticed = 0;
    let returned = 0;
    for (const row of await this.repository.rulesWithReturn()) {
      if (row.returnAfterDays === null) continue;
      const rule = { returnAfterDays: row.returnAfterDays, noticeDays: Math.min(row.noticeDays, row.returnAfterDays - 1) };
      const [organization] = await this.identity.db.select().from(organizations).where(eq(organizations.id, row.orgId));
      if (!organization) continue;
      if (rule.noticeDays > 0) noticed += await this.sendNotices(organization, rule, now);
      returned += await this.returnIdle(organization, rule, now);
    }
    return { noticed, returned };
  }

  private async sendNotices(organization: { id: string; name: string; defaultLocale: string }, rule: ReturnRule, now: Date): Promise<number> {
    const candidates = await this.repository.candidates(organization.id, rule, 'notice', now, BATCH_SIZE);
    let noticed = 0;
    for (const [ownerUserId, ids] of groupByOwner(candidates)) {
      const stamped = await this.repository.claimNotices(ids, ownerUserId, organization.id, rule, now);
      if (stamped.length === 0) continue;
      noticed += stamped.length;
      const earliest = Math.max(now.getTime() + rule.noticeDays * DAY_MS, Math.min(...stamped.map((row) => row.idleSince.getTime() + rule.returnAfterDays * DAY_MS)));
      // Nobody loses a customer sooner than noticeDays after this mail, whatever its idle time (returnDue).
      const list = stamped.map((row) => `${row.name} (${day(new Date(Math.max(row.idleSince.getTime() + rule.returnAfterDays * DAY_MS, now.getTime() + rule.noticeDays * DAY_MS)))})`);
      await this.mailOwner(organization, ownerUserId, 'poolReturnNotice', { count: stamped.length, days: rule.returnAfterDays, date: day(new Date(earliest)) }, list, '/customers');
    }
    return noticed;
  }

  private async returnIdle(organization: { id: string; name: string; defaultLocale: string }, rule: ReturnRule, now: Date): Promise<number> {
    const candidates = await this.repository.candidates(organization.id, rule, 'return', now, BATCH_SIZE);
    let returned = 0;
    for (const [ownerUserId, ids] of groupByOwner(candidates)) {
      const moved = await this.identity.db.transaction(async (transaction) => {
        const rows = await this.repository.returnToPool(transaction, ids, ownerUserId, organization.id, rule, now);
        const owner = rows.length > 0 ? await this.repository.user(transaction, ownerUserId) : undefined;
        await this.repository.insertEvents(
          transaction,
          rows.map((row) => ({ orgId: organization.id, customerId: row.id, kind: 'returned' as const, userId: ownerUserId, actorUserId: null, reason: `not followed up in ${rule.returnAfterDays} days` })),
        );
        await this.history.record(
          transaction,
          rows.map((row) => entry(organization.id, row.id, null, 'returned_to_pool', { owner: { from: owner?.name ?? null, to: null }, idleDays: { from: null, to: rule.returnAfterDays } })),
        );
        return { rows, owner };
      });
      if (moved.rows.length === 0) continue;
      returned += moved.rows.length;
      await this.identity.audit.record({
        action: 'crm_customers_returned_to_pool',
        orgId: organization.id,
        targetUserId: ownerUserId,
        targetLabel: moved.owner?.email ?? null,
        details: { count: moved.rows.length, returnAfterDays: rule.returnAfterDays, customerIds: moved.rows.slice(0, 50).map((row) => row.id) },
      });
      await this.mailOwner(organization, ownerUserId, 'poolReturned', { count: moved.rows.length, days: rule.returnAfterDays }, moved.rows.map((row) => row.name), '/pool');
    }
    return returned;
  }

  /** One mail to the owner's sign-in address (active members only), listing the customers; the link from PUBLIC_URL. */
  private async mailOwner(organization: { name: string; defaultLocale: string }, ownerUserId: string, template: MailTemplate, params: Record<string, string | number>, names: string[], path: string): Promise<void> {
    const owner = await this.repository.user(this.identity.db, ownerUserId);
    if (owner?.status !== 'active') return;
    const fallback: Locale = organization.defaultLocale === 'zh-CN' ? 'zh-CN' : 'en';
    const locale = userLocale(owner, fallback);
    const shown = names.slice(0, NAMES_IN_MAIL).join(locale === 'zh-CN' ? '、' : ', ');
    const more = names.length > NAMES_IN_MAIL ? names.length - NAMES_IN_MAIL : 0;
    await this.identity.mail.send({
      to: owner.email,
      userId: owner.id,
      template,
      locale,
      params: { name: owner.name, orgName: organization.name, customers: more > 0 ? `${shown} (+${more})` : shown, ...params },
      actionUrl: publicLink(this.identity.config, path),
    });
  }
}

/**
 * Queues the sweep as a pg-boss job at start-up and every POOL_SWEEP_INTERVAL_MS (the timed sweeps share one
 * pg-boss singleton slot per interval across processes; an overlapping sweep does no harm, its updates are conditional).
 */
export function registerPoolJobs(identity: IdentityDependencies, jobs: JobQueue, onError: (error: unknown) => void) {
  const sweep = new PoolSweep(identity);
  // A failed sweep is not retried: the next one comes within the interval.
  jobs.define(POOL_SWEEP_QUEUE, async () => {
    await sweep.run();
  }, { retryLimit: 0 });
  let timer: NodeJS.Timeout | undefined;
  const queueSweep = (options: { oncePerSeconds?: number } = {}) => {
    jobs.send(POOL_SWEEP_QUEUE, {}, options).catch(onError);
  };
  return {
    sweep,
    start() {
      queueSweep();
      timer = setInterval(() => queueSweep({ oncePerSeconds: POOL_SWEEP_INTERVAL_MS / 1000 }), POOL_SWEEP_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
