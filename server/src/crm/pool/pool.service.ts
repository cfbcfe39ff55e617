import type { AuditContext } from '../../audit/audit.service.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { ChangeEntry } from '../history/history.service.ts';
import type { Customer } from '../customers/customer.schema.ts';
import { poolErrors } from './pool.errors.ts';
import { PoolRepository } from './pool.repository.ts';
import type { PoolRule, PoolRuleInput } from './pool.schema.ts';

const DAY_MS = 86_400_000;

/**
 * The public pool (公海): customers without an owner. Anyone who works on customers claims one (within the rolling
 * 24-hour limit and the reclaim cool-down); its owner, or crm.writeAll, releases it back. The claim is a conditional
 * UPDATE on "still no owner", so of two people claiming at once exactly one gets it; the claimer's user row is locked
 * first, so concurrent claims by one person count each other.
 */
export class PoolService {
  private readonly repository: PoolRepository;

  constructor(
    private readonly deps: CrmDependencies,
    private readonly customers: CustomerService,
  ) {
    this.repository = new PoolRepository(deps.identity.db);
  }

  async status(caller: CrmCaller) {
    const rule = await this.repository.rule(caller.user.orgId);
    const claimedToday = await this.repository.countEvents(this.deps.identity.db, caller.user.id, 'claimed', new Date(Date.now() - DAY_MS));
    return { rule, claimedToday, claimsLeftToday: rule.claimLimitPerDay === null ? null : Math.max(0, rule.claimLimitPerDay - claimedToday) };
  }

  async rule(orgId: string): Promise<PoolRule> {
    return this.repository.rule(orgId);
  }

  /** crm.configure (checked by the route); audited with the rule before and after. */
  async saveRule(actor: UserRow, input: PoolRuleInput, context: AuditContext): Promise<PoolRule> {
    const before = await this.repository.rule(actor.orgId);
    const after: PoolRule = { claimLimitPerDay: input.claimLimitPerDay, returnAfterDays: input.returnAfterDays, noticeDays: input.noticeDays, reclaimCooldownDays: input.reclaimCooldownDays };
    await this.deps.identity.db.transaction(async (transaction) => this.repository.saveRule(transaction, actor.orgId, after, actor.id));
    await this.deps.identity.audit.record({ action: 'crm_pool_rule_changed', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, details: { before, after } }, context);
    return after;
  }

  async claim(caller: CrmCaller, rawId: string): Promise<Customer> {
    const id = recordId(rawId);
    const now = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      await this.repository.lockUser(transaction, caller.user.id);
      const customer = await this.repository.findVisible(transaction, caller.scope, id);
      if (!customer) {
        // A salesperson who lost the race no longer sees it: still "already claimed", not an unknown id.
        if (await this.repository.claimedFromPool(transaction, caller.user.orgId, id)) raise(poolErrors.ALREADY_CLAIMED);
        raise(accessErrors.NOT_FOUND);
      }
      if (customer.ownerUserId !== null) raise(poolErrors.ALREADY_CLAIMED);
      const rule = await this.repository.rule(caller.user.orgId, transaction);
      if (rule.claimLimitPerDay !== null) {
        const claimed = await this.repository.countEvents(transaction, caller.user.id, 'claimed', new Date(now.getTime() - DAY_MS));
        if (claimed >= rule.claimLimitPerDay) raise(poolErrors.CLAIM_LIMIT_REACHED, { limit: rule.claimLimitPerDay });
      }
      if (rule.reclaimCooldownDays > 0 && (await this.repository.leftSince(transaction, id, caller.user.id, new Date(now.getTime() - rule.reclaimCooldownDays * DAY_MS)))) {
        raise(poolErrors.RECLAIM_COOLDOWN, { days: rule.reclaimCooldownDays });
      }
      if (!(await this.repository.claim(transaction, caller.user.orgId, id, caller.user.id, now))) raise(poolErrors.ALREADY_CLAIMED);
      await this.repository.insertEvents(transaction, [{ orgId: caller.user.orgId, customerId: id, kind: 'claimed', userId: caller.user.id, actorUserId: caller.user.id, createdAt: now }]);
      await this.deps.history.record(transaction, [entry(caller.user.orgId, id, caller.user.id, 'claimed', { owner: { from: null, to: caller.user.name } })]);
    });
    return this.customers.get(caller, id);
  }

  /** Back to the pool: the owner, or crm.writeAll within its scope; others who see it get 403. */
  async release(caller: CrmCaller, rawId: string, reason: string | null | undefined): Promise<{ id: string }> {
    const id = recordId(rawId);
    const now = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const customer = await this.repository.findVisible(transaction, caller.scope, id);
      if (!customer) raise(accessErrors.NOT_FOUND);
      const owner = customer.ownerUserId;
      if (owner === null) raise(poolErrors.ALREADY_IN_POOL);
      if (owner !== caller.user.id && !caller.scope.canWriteAll) raise(commonErrors.FORBIDDEN);
      // Conditional on the owner read above: a transfer or another release in between makes this a no-op → 409.
      if (!(await this.repository.release(transaction, id, owner, now))) raise(poolErrors.ALREADY_IN_POOL);
      const ownerName = owner === caller.user.id ? caller.user.name : ((await this.repository.user(transaction, owner))?.name ?? null);
      await this.repository.insertEvents(transaction, [{ orgId: caller.user.orgId, customerId: id, kind: 'released', userId: owner, actorUserId: caller.user.id, reason: reason ?? null }]);
      await this.deps.history.record(transaction, [entry(caller.user.orgId, id, caller.user.id, 'released', { owner: { from: ownerName, to: null }, ...(reason ? { note: { from: null, to: reason } } : {}) })]);
    });
    return { id };
  }
}

export function entry(orgId: string, customerId: string, actorUserId: string | null, action: 'claimed' | 'released' | 'returned_to_pool', changes: ChangeEntry['changes']): ChangeEntry {
  return { orgId, recordType: 'customer', recordId: customerId, customerId, actorUserId, action, changes };
}
