import { commonErrors, raise } from '../../http/app-error.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import { hasCurrencyPrecision, normalizeAmount } from '../shared/money.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import { diffFields, initialFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import { DealListing } from './deal-listing.ts';
import { stageMove } from './deal-stage.ts';
import { dealErrors } from './deal.errors.ts';
import { DealRepository, type DealRow, type DealValues } from './deal.repository.ts';
import type { Deal, DealBoardQuery, DealCreateInput, DealListQuery, DealStageInput, DealUpdateInput } from './deal.schema.ts';
import { stageRef, type PipelineService } from './pipeline.service.ts';
import { auditTransfer, transferChanges } from '../shared/transfer.ts';

/** Fields a user edits directly, and whose changes the history records. */
const EDITABLE_FIELDS = ['name', 'amount', 'currency', 'probability', 'expectedCloseDate', 'notes'] as const;
const DEFAULT_CURRENCY = 'CNY';

/**
 * Deals (商机): a customer's sales opportunity, owned by a member and moved along the pipeline. Every change writes a
 * history row on the customer's timeline in the same transaction. Locks are always taken customer → stage → deal.
 */
export class DealService {
  private readonly repository: DealRepository;
  private readonly listing: DealListing;

  constructor(
    private readonly deps: CrmDependencies,
    private readonly pipeline: PipelineService,
  ) {
    this.repository = new DealRepository(deps.identity.db);
    this.listing = new DealListing(this.repository, pipeline);
  }

  list(caller: CrmCaller, query: DealListQuery) {
    return this.listing.list(caller, query);
  }

  board(caller: CrmCaller, query: DealBoardQuery) {
    return this.listing.board(caller, query);
  }

  get(caller: CrmCaller, rawId: string): Promise<Deal> {
    return this.listing.get(caller, rawId);
  }

  trashPage(caller: CrmCaller, cursor: string | undefined, limit: number) {
    return this.listing.trashPage(caller, cursor, limit);
  }

  /** The customer must be one the caller may edit; any other answers 404, like a customer that does not exist. */
  async create(caller: CrmCaller, input: DealCreateInput): Promise<Deal> {
    const owner = await this.ownerForNewDeal(caller, input.ownerId);
    await this.pipeline.stages(caller.user.orgId);
    const id = await this.deps.identity.db.transaction(async (transaction) => this.createWithin(transaction, caller, input, owner));
    return this.get(caller, id);
  }

  /**
   * The create in the caller's transaction (a lead's conversion), the owner already checked and the pipeline read
   * once before (an organisation's default stages are created on the first read). Returns the new deal's id.
   */
  async createWithin(transaction: Executor, caller: CrmCaller, input: DealCreateInput, owner: Pick<UserRow, 'id' | 'name'>): Promise<string> {
    const customerId = recordId(input.customerId);
    const contactId = input.contactId ? recordId(input.contactId) : null;
    const amount = normalizeAmount(input.amount ?? '0');
    const currency = input.currency ?? DEFAULT_CURRENCY;
    if (!hasCurrencyPrecision(amount, currency)) raise(dealErrors.AMOUNT_PRECISION, { currency });
    const orgId = caller.user.orgId;
    if (!(await this.repository.lockEditableCustomer(transaction, caller.scope, customerId))) raise(accessErrors.NOT_FOUND);
    const contact = contactId === null ? undefined : await this.repository.liveContact(transaction, customerId, contactId);
    if (contactId !== null && !contact) raise(accessErrors.NOT_FOUND);
    const stage = await this.pipeline.lockLive(transaction, orgId, input.stageId ?? null);
    if (!stage) raise(dealErrors.INVALID_STAGE);
    const lostReason = stage.kind === 'lost' ? (input.lostReason ?? null) : null;
    if (stage.kind === 'lost' && !lostReason) raise(dealErrors.LOST_REASON_REQUIRED);
    const now = new Date();
    const row = await this.repository.insert(transaction, {
      orgId,
      customerId,
      contactId,
      ownerUserId: owner.id,
      name: input.name,
      amount,
      currency,
      stageId: stage.id,
      probability: input.probability ?? stage.probability,
      expectedCloseDate: input.expectedCloseDate ?? null,
      lostReason,
      closedAt: stage.kind === 'open' ? null : now,
      stageChangedAt: now,
      notes: input.notes ?? null,
      createdBy: caller.user.id,
    });
    const changes: FieldChanges = {
      ...initialFields(row, EDITABLE_FIELDS),
      stage: { from: null, to: stageRef(stage) },
      owner: { from: null, to: owner.name },
      ...(contact ? { contact: { from: null, to: contact.name } } : {}),
      ...(lostReason ? { lostReason: { from: null, to: lostReason } } : {}),
    };
    await this.deps.history.record(transaction, [this.entry(caller, row, 'deal_added', changes)]);
    return row.id;
  }

  /** Sales own their deals; managers may give a new deal to a team mate; owners and admins to any active member. */
  async ownerForNewDeal(caller: CrmCaller, requested: string | undefined): Promise<Pick<UserRow, 'id' | 'name'>> {
    if (requested === undefined || requested.toLowerCase() === caller.user.id) return caller.user;
    const id = requested.toLowerCase();
    if (!caller.scope.canWriteAll) raise(dealErrors.OWNER_NOT_ALLOWED);
    if (caller.scope.ownerIds !== null && !caller.scope.ownerIds.includes(id)) raise(dealErrors.OWNER_NOT_ALLOWED);
    const owner = await this.activeCrmMember(caller.user.orgId, id);
    if (!owner) raise(customerErrors.INVALID_NEW_OWNER);
    return owner;
  }

  private async activeCrmMember(orgId: string, userId: string): Promise<UserRow | undefined> {
    const user = await this.deps.identity.users.findInOrg(orgId, userId);
    return user?.status === 'active' && hasPermission(user.role, 'crm.write') ? user : undefined;
  }

  /** A move on the board: the same rules as an edit that changes the stage. */
  async moveStage(caller: CrmCaller, rawId: string, input: DealStageInput): Promise<Deal> {
    return this.update(caller, rawId, input);
  }

  /**
   * Edits with optimistic concurrency. A stage change (with its lost reason and probability rule) gets its own history
   * row; the other fields share one. The deal is checked before the stage, so someone else's deal is a plain 404.
   */
  async update(caller: CrmCaller, rawId: string, input: DealUpdateInput): Promise<Deal> {
    const id = recordId(rawId);
    const contactId = input.contactId === undefined || input.contactId === null ? input.contactId : recordId(input.contactId);
    const visible = await this.repository.findVisible(caller.scope, id);
    if (!visible) raise(accessErrors.NOT_FOUND);
    if (visible.canEdit !== true) raise(commonErrors.FORBIDDEN);
    const orgId = caller.user.orgId;
    await this.deps.identity.db.transaction(async (transaction) => {
      const target = input.stageId === undefined ? undefined : await this.pipeline.lockLive(transaction, orgId, input.stageId);
      if (input.stageId !== undefined && !target) raise(dealErrors.INVALID_STAGE);
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      const deal = locked.row;
      if (deal.version !== input.version) raise(recordErrors.STALE_VERSION);
      const current = await this.pipeline.find(transaction, orgId, deal.stageId);
      if (!current) throw new Error(`stage of deal ${deal.id} not found`);
      const now = new Date();
      const move = stageMove(deal, current, target ?? current, { lostReason: input.lostReason, probability: input.probability }, now);
      const moved = move !== null && move.values.stageId !== undefined;

      const next: Partial<DealRow> = {};
      for (const field of EDITABLE_FIELDS) {
        // A stage change records the probability it brings along itself.
        if (field === 'probability' && moved) continue;
        if (input[field] !== undefined) Object.assign(next, { [field]: field === 'amount' && input.amount ? normalizeAmount(input.amount) : input[field] });
      }
      const currency = next.currency ?? deal.currency;
      if (!hasCurrencyPrecision(next.amount ?? deal.amount, currency)) raise(dealErrors.AMOUNT_PRECISION, { currency });
      const changes: FieldChanges = diffFields(deal, next, EDITABLE_FIELDS) ?? {};
      const values: Partial<DealValues> = { ...next };
      if (contactId !== undefined && contactId !== deal.contactId) {
        const contact = contactId === null ? undefined : await this.repository.liveContact(transaction, deal.customerId, contactId);
        if (contactId !== null && !contact) raise(accessErrors.NOT_FOUND);
        const previous = deal.contactId === null ? undefined : await this.repository.contactName(transaction, deal.contactId);
        changes.contact = { from: previous ?? null, to: contact?.name ?? null };
        values.contactId = contactId;
      }
      // A new lost reason without a move is an ordinary edit.
      if (move && !moved) Object.assign(changes, move.changes);
      const entries: ChangeEntry[] = [];
      if (Object.keys(changes).length > 0) entries.push(this.entry(caller, deal, 'deal_updated', changes));
      if (move && moved) entries.push(this.entry(caller, deal, 'deal_stage_changed', move.changes));
      if (entries.length === 0) return;
      await this.repository.update(transaction, id, { ...values, ...move?.values });
      await this.deps.history.record(transaction, entries);
    });
    return this.get(caller, id);
  }

  /** To the trash (crm.delete is checked by the route; the deal must be visible). */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      await this.repository.trash(transaction, id, at, caller.user.id);
      await this.deps.history.record(transaction, [this.entry(caller, locked.row, 'deal_deleted', null)]);
    });
    return { id, deletedAt: at };
  }

  /**
   * Back from the trash, unless it went there with its customer (then it comes back with the customer). A deal whose
   * stage was archived meanwhile lands on the first open stage. Restoring a deal that is already back is a no-op.
   */
  async restore(caller: CrmCaller, rawId: string): Promise<Deal> {
    const id = recordId(rawId);
    const customerId = await this.repository.customerIdOf(caller.scope, id);
    if (!customerId) raise(accessErrors.NOT_FOUND);
    const orgId = caller.user.orgId;
    await this.deps.identity.db.transaction(async (transaction) => {
      const customer = await this.repository.lockCustomerState(transaction, customerId);
      const first = await this.pipeline.lockLive(transaction, orgId, null);
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'trashed');
      if (!locked) return;
      if (customer?.deletedAt) raise(dealErrors.CUSTOMER_IN_TRASH);
      const values: Partial<DealValues> = { deletedAt: null, deletedBy: null };
      const entries = [this.entry(caller, locked.row, 'deal_restored', null)];
      const stage = await this.pipeline.find(transaction, orgId, locked.row.stageId);
      if (stage?.archivedAt && first) {
        const move = stageMove(locked.row, stage, first, {}, new Date());
        if (move) {
          Object.assign(values, move.values);
          entries.push(this.entry(caller, locked.row, 'deal_stage_changed', move.changes));
        }
      }
      await this.repository.update(transaction, id, values);
      await this.deps.history.record(transaction, entries);
    });
    return this.get(caller, id);
  }

  async history(caller: CrmCaller, rawId: string, cursor: string | undefined, limit: number) {
    const id = recordId(rawId);
    if (!(await this.repository.findVisible(caller.scope, id))) raise(accessErrors.NOT_FOUND);
    return this.deps.history.recordTimeline(this.deps.identity.db, 'deal', id, cursor, limit);
  }

  /**
   * Gives deals to another owner, all or nothing: an id the caller cannot see (or that does not exist) answers 404 and
   * nothing moves; a visible one the caller may not move answers 403. Deals the new owner already has are left alone.
   */
  async transfer(caller: CrmCaller, rawIds: string[], toUserId: string, note: string | null | undefined): Promise<{ transferred: number }> {
    const ids = [...new Set(rawIds.map(recordId))];
    const target = await this.activeCrmMember(caller.user.orgId, toUserId.toLowerCase());
    if (!target) raise(customerErrors.INVALID_NEW_OWNER);
    const moved = await this.deps.identity.db.transaction(async (transaction) => {
      const rows = await this.repository.lockForTransfer(transaction, caller.scope, ids);
      if (rows.length !== ids.length) raise(accessErrors.NOT_FOUND);
      if (rows.some((row) => row.transferable !== true)) raise(commonErrors.FORBIDDEN);
      const moving = rows.filter((row) => row.ownerUserId !== target.id);
      await this.repository.setOwner(
        transaction,
        moving.map((row) => row.id),
        target.id,
      );
      await this.deps.history.record(
        transaction,
        moving.map((row) =>
          this.entry(caller, row, 'deal_transferred', transferChanges(row.ownerName, target.name, note)),
        ),
      );
      return moving;
    });
    await auditTransfer(this.deps, caller, target, 'deal', moved);
    return { transferred: moved.length };
  }

  private entry(caller: CrmCaller, deal: Pick<DealRow, 'id' | 'customerId'>, action: string, changes: FieldChanges | null): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: 'deal', recordId: deal.id, customerId: deal.customerId, actorUserId: caller.user.id, action, changes };
  }
}

