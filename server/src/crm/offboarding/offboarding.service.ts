import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import { memberErrors } from '../../identity/members/member.service.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId } from '../access/access.service.ts';
import { countContactsOfOwner } from '../contacts/contact-cascade.ts';
import { ContractRepository } from '../contracts/contract.repository.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import { CustomerRepository } from '../customers/customer.repository.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { DealRepository } from '../deals/deal.repository.ts';
import { LeadRepository } from '../leads/lead.repository.ts';
import type { ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import type { Executor } from '../shared/database.ts';
import { SharingRepository } from '../sharing/sharing.repository.ts';
import { TaskRepository } from '../tasks/task.repository.ts';
import { lockMembersForHandOver, lockSuccessor } from './offboarding.repository.ts';
import type { HandOverCounts } from './offboarding.schema.ts';

type Member = Pick<UserRow, 'id' | 'name'>;

/**
 * The member deactivation dialog's side of the CRM: what a leaving member is responsible for, and handing all of it
 * to a colleague at once. Each module's repository moves its own records; this class holds them in one transaction,
 * writes the history rows each module writes for a transfer, and one audit event for the whole hand-over.
 */
export class OffboardingService {
  private readonly customerRows: CustomerRepository;
  private readonly deals: DealRepository;
  private readonly contracts: ContractRepository;
  private readonly tasks: TaskRepository;
  private readonly leads: LeadRepository;
  private readonly shares = new SharingRepository();

  constructor(
    private readonly deps: CrmDependencies,
    private readonly customers: CustomerService,
  ) {
    const { db } = deps.identity;
    this.customerRows = new CustomerRepository(db);
    this.deals = new DealRepository(db);
    this.contracts = new ContractRepository(db);
    this.tasks = new TaskRepository(db);
    this.leads = new LeadRepository(db);
  }

  /** Live records only: what the trash holds moves too, but nobody has to look after it. */
  async owned(actor: UserRow, rawUserId: string): Promise<HandOverCounts> {
    const member = await this.deps.identity.users.findInOrg(actor.orgId, recordId(rawUserId));
    if (!member) raise(accessErrors.NOT_FOUND);
    const { db } = this.deps.identity;
    const [customers, contacts, deals, contracts, openTasks, leads] = await Promise.all([
      this.customers.countOwned(actor.orgId, member.id),
      countContactsOfOwner(db, actor.orgId, member.id),
      this.deals.countOwned(db, actor.orgId, member.id),
      this.contracts.countOwned(db, actor.orgId, member.id),
      this.tasks.countOpenOf(db, actor.orgId, member.id),
      this.leads.countOwned(db, actor.orgId, member.id),
    ]);
    return { customers, contacts, deals: deals.total, openDeals: deals.open, contracts, openTasks, leads };
  }

  /**
   * Moves the member's customers (their contacts follow them), deals, contracts and open tasks to the successor, the
   * trash included, all or nothing. Done tasks keep their assignee: they record who did the work. Only owners hand
   * over an owner's records, as with every other action on an owner. Answers the live records moved.
   */
  async transferAll(actor: UserRow, fromUserId: string, toUserId: string, context: AuditContext): Promise<HandOverCounts> {
    const from = await this.deps.identity.users.findInOrg(actor.orgId, fromUserId);
    if (!from) raise(accessErrors.NOT_FOUND);
    if (from.role === 'owner' && actor.role !== 'owner') raise(memberErrors.ROLE_NOT_ALLOWED);
    const target = await this.customers.activeCrmMember(actor.orgId, toUserId);
    if (!target || target.id === from.id) raise(customerErrors.INVALID_NEW_OWNER);

    const moved = await this.deps.identity.db.transaction(async (transaction) => {
      // Locks, always in this order: the two members, the successor's row, then customers → deals → contracts → tasks
      // (the order the record services lock a customer and what hangs off it).
      await lockMembersForHandOver(transaction, [from.id, target.id]);
      const successor = await lockSuccessor(transaction, actor.orgId, target.id);
      if (successor?.status !== 'active' || !hasPermission(successor.role, 'crm.write')) raise(customerErrors.INVALID_NEW_OWNER);
      const counts = await this.moveAll(transaction, actor, from, target);
      // Records shared with the leaving member (crm/sharing) are of no use to anyone once he is gone: the shares go.
      await this.shares.removeAllFor(transaction, actor.orgId, from.id);
      return counts;
    });

    await this.deps.identity.audit.record(
      {
        action: 'crm_records_transferred',
        orgId: actor.orgId,
        actorUserId: actor.id,
        actorLabel: actor.email,
        targetUserId: target.id,
        targetLabel: target.email,
        // `recordType` and `count` (customers) as before, so earlier readers of these events keep working.
        details: {
          recordType: 'customer',
          from: from.id,
          to: target.id,
          count: moved.customers,
          reason: 'offboarding',
          contacts: moved.contacts,
          deals: moved.deals,
          openDeals: moved.openDeals,
          contracts: moved.contracts,
          openTasks: moved.openTasks,
          leads: moved.leads,
        },
      },
      context,
    );
    return moved;
  }

  /** Set-based moves (one UPDATE per kind), then the history rows in batches. */
  private async moveAll(executor: Executor, actor: UserRow, from: Member, to: Member): Promise<HandOverCounts> {
    const owner: FieldChanges = { owner: { from: from.name, to: to.name } };
    const entry = (recordType: ChangeEntry['recordType'], id: string, customerId: string | null, action: string, changes: FieldChanges): ChangeEntry => ({
      orgId: actor.orgId,
      recordType,
      recordId: id,
      customerId,
      actorUserId: actor.id,
      action,
      changes,
    });

    // Counted before the move: contacts have no owner of their own, they follow their customer.
    const contacts = await countContactsOfOwner(executor, actor.orgId, from.id);
    const customers = await this.customerRows.moveAllOf(executor, actor.orgId, from.id, to.id);
    const deals = await this.deals.moveAllOf(executor, actor.orgId, from.id, to.id);
    const contracts = await this.contracts.moveAllOf(executor, actor.orgId, from.id, to.id);
    const tasks = await this.tasks.moveOpenOf(executor, actor.orgId, from.id, to.id);
    const leads = await this.leads.moveAllOf(executor, actor.orgId, from.id, to.id);

    const assignee: FieldChanges = { assignee: { from: from.name, to: to.name } };
    await this.deps.history.record(executor, [
      ...customers.map((row) => entry('customer', row.id, row.id, 'transferred', owner)),
      ...deals.map((row) => entry('deal', row.id, row.customerId, 'deal_transferred', owner)),
      ...contracts.map((row) => entry('contract', row.id, row.customerId, 'contract_transferred', owner)),
      // A task's history lives on its customer's timeline only, as the task service writes it.
      ...tasks.flatMap((row) => (row.customerId === null ? [] : [entry('task', row.id, row.customerId, 'task_updated', assignee)])),
      ...leads.map((row) => entry('lead', row.id, null, 'transferred', owner)),
    ]);

    const live = <Row extends { live: boolean }>(rows: Row[]) => rows.filter((row) => row.live === true);
    return {
      customers: live(customers).length,
      contacts,
      deals: live(deals).length,
      openDeals: live(deals).filter((row) => row.open === true).length,
      contracts: live(contracts).length,
      openTasks: live(tasks).length,
      leads: live(leads).length,
    };
  }
}
