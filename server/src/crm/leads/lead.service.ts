import { commonErrors, raise } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { customerErrors } from '../customers/customer.errors.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { diffFields, initialFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import { phoneDigitsOf, phoneSearchDigits } from '../shared/fields.ts';
import { decodeCursor, encodeCursor, trashPageOf } from '../shared/keyset.ts';
import { leadErrors } from './lead.errors.ts';
import { LeadRepository, leadSortKeys, leadTrashSortKey, type LeadFilters, type LeadRow, type LeadValues } from './lead.repository.ts';
import type { Lead, LeadCreateInput, LeadListQuery, LeadUpdateInput } from './lead.schema.ts';
import { auditTransfer, transferChanges } from '../shared/transfer.ts';

/** Fields a user edits, and whose changes the history records. */
export const LEAD_FIELDS = ['name', 'company', 'phone', 'email', 'source', 'status', 'unqualifiedReason', 'notes'] as const;

type LeadView = NonNullable<Awaited<ReturnType<LeadRepository['findVisible']>>>;

/**
 * Leads (线索): list, detail, create, edit with versions, trash and restore, history. Scopes are the customers' (the
 * access service on crm_leads' owner). Conversion is lead-conversion.ts; a converted lead is read-only.
 */
export class LeadService {
  readonly repository: LeadRepository;

  constructor(
    private readonly deps: CrmDependencies,
    private readonly customers: CustomerService,
  ) {
    this.repository = new LeadRepository(deps.identity.db);
  }

  private toLead(row: LeadView, scope: CrmScope): Lead {
    return { ...row, canEdit: row.canEdit === true && row.status !== 'converted', canDelete: scope.canDelete, sharedWithMe: row.sharedWithMe === true };
  }

  async list(caller: CrmCaller, query: LeadListQuery) {
    const key = leadSortKeys[query.sort];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order, key);
    const filters: LeadFilters = {
      ownerId: query.ownerId === 'me' ? caller.user.id : query.ownerId === 'none' ? null : query.ownerId,
      status: query.status,
      source: query.source,
      search: query.q ? { text: query.q, phoneDigits: phoneSearchDigits(query.q, caller.phoneRegion) } : undefined,
    };
    const rows = await this.repository.page(caller.scope, filters, query.sort, query.order, position, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const sortValue = (row: LeadView) => ({ name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt })[query.sort];
    return {
      items: items.map((row) => this.toLead(row, caller.scope)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last), last.id) : null,
      total: position ? null : await this.repository.count(caller.scope, filters),
    };
  }

  /** The header search box's leads (search/): the same scope and matching as the list's `q`. */
  async search(caller: CrmCaller, text: string, limit: number) {
    return this.repository.search(caller.scope, { text, phoneDigits: phoneSearchDigits(text, caller.phoneRegion) }, limit);
  }

  async get(caller: CrmCaller, rawId: string): Promise<Lead> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return this.toLead(row, caller.scope);
  }

  /** The owner rules are the customers' (sales: themselves; managers: their team; the pool: crm.writeAll). */
  async create(caller: CrmCaller, input: LeadCreateInput): Promise<Lead> {
    const owner = await this.customers.ownerForNewCustomer(caller, input.ownerId);
    const status = input.status ?? 'new';
    const unqualifiedReason = status === 'unqualified' ? (input.unqualifiedReason ?? null) : null;
    if (status === 'unqualified' && !unqualifiedReason) raise(leadErrors.UNQUALIFIED_REASON_REQUIRED);
    const values: LeadValues = {
      orgId: caller.user.orgId,
      ownerUserId: owner?.id ?? null,
      name: input.name,
      company: input.company ?? null,
      phone: input.phone ?? null,
      phoneDigits: phoneDigitsOf(input.phone, caller.phoneRegion),
      email: input.email ?? null,
      source: input.source ?? null,
      status,
      unqualifiedReason,
      notes: input.notes ?? null,
      createdBy: caller.user.id,
    };
    const id = await this.deps.identity.db.transaction(async (transaction) => {
      const row = await this.repository.insert(transaction, values);
      const initial = { ...initialFields(row, LEAD_FIELDS), ...(owner ? { owner: { from: null, to: owner.name } } : {}) };
      await this.deps.history.record(transaction, [leadEntry(caller, row.id, 'created', initial)]);
      return row.id;
    });
    return this.get(caller, id);
  }

  async update(caller: CrmCaller, rawId: string, input: LeadUpdateInput): Promise<Lead> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      if (locked.row.status === 'converted') raise(leadErrors.ALREADY_CONVERTED);
      if (locked.row.version !== input.version) raise(recordErrors.STALE_VERSION);
      const next: Partial<LeadRow> = {};
      for (const field of LEAD_FIELDS) {
        if (input[field] !== undefined) Object.assign(next, { [field]: input[field] });
      }
      const status = next.status ?? locked.row.status;
      // The reason belongs to "unqualified" only: leaving that status clears it, entering it needs one.
      if (status !== 'unqualified') next.unqualifiedReason = null;
      else if (!(next.unqualifiedReason === undefined ? locked.row.unqualifiedReason : next.unqualifiedReason)) raise(leadErrors.UNQUALIFIED_REASON_REQUIRED);
      const changes = diffFields(locked.row, next, LEAD_FIELDS);
      if (!changes) return;
      const derived: Partial<LeadValues> = next.phone === undefined ? {} : { phoneDigits: phoneDigitsOf(next.phone, caller.phoneRegion) };
      await this.repository.update(transaction, id, { ...next, ...derived });
      await this.deps.history.record(transaction, [leadEntry(caller, id, 'updated', changes)]);
    });
    return this.get(caller, id);
  }

  /** To the trash (crm.delete is checked by the route; the lead must be visible). Converted leads too. */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      await this.repository.trash(transaction, id, at, caller.user.id);
      await this.deps.history.record(transaction, [leadEntry(caller, id, 'deleted', null)]);
    });
    return { id, deletedAt: at };
  }

  /** Back from the trash; a lead that is already back is a no-op. */
  async restore(caller: CrmCaller, rawId: string): Promise<Lead> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'trashed');
      if (!locked?.row.deletedAt) return;
      await this.repository.update(transaction, id, { deletedAt: null, deletedBy: null });
      await this.deps.history.record(transaction, [leadEntry(caller, id, 'restored', null)]);
    });
    return this.get(caller, id);
  }

  trashPage(caller: CrmCaller, cursor: string | undefined, limit: number) {
    return trashPageOf(cursor, limit, leadTrashSortKey, (position, size) => this.repository.trashPage(caller.scope, position, size));
  }

  /**
   * Gives leads to another owner like customers and deals, all or nothing: an id the caller cannot see (or that does
   * not exist) answers 404 and nothing moves; a visible one he may not move answers 403; a converted lead is read-only
   * (409). Leads the new owner already has are left alone and not counted.
   */
  async transfer(caller: CrmCaller, rawIds: string[], toUserId: string, note: string | null | undefined): Promise<{ transferred: number }> {
    const ids = [...new Set(rawIds.map(recordId))];
    const target = await this.customers.activeCrmMember(caller.user.orgId, toUserId.toLowerCase());
    if (!target) raise(customerErrors.INVALID_NEW_OWNER);
    const moved = await this.deps.identity.db.transaction(async (transaction) => {
      const rows = await this.repository.lockForTransfer(transaction, caller.scope, ids);
      if (rows.length !== ids.length) raise(accessErrors.NOT_FOUND);
      if (rows.some((row) => row.transferable !== true)) raise(commonErrors.FORBIDDEN);
      if (rows.some((row) => row.status === 'converted')) raise(leadErrors.ALREADY_CONVERTED);
      const moving = rows.filter((row) => row.ownerUserId !== target.id);
      await this.repository.setOwner(
        transaction,
        moving.map((row) => row.id),
        target.id,
      );
      await this.deps.history.record(
        transaction,
        moving.map((row) => leadEntry(caller, row.id, 'transferred', transferChanges(row.ownerName, target.name, note))),
      );
      return moving;
    });
    await auditTransfer(this.deps, caller, target, 'lead', moved);
    return { transferred: moved.length };
  }

  async history(caller: CrmCaller, rawId: string, cursor: string | undefined, limit: number) {
    const id = recordId(rawId);
    if (!(await this.repository.findVisible(caller.scope, id))) raise(accessErrors.NOT_FOUND);
    return this.deps.history.recordTimeline(this.deps.identity.db, 'lead', id, cursor, limit);
  }
}

/** A lead's own history row; it sits on no customer's timeline (`customer_id` null). */
export function leadEntry(caller: { user: Pick<UserRow, 'id' | 'orgId'> }, leadId: string, action: string, changes: FieldChanges | null): ChangeEntry {
  return { orgId: caller.user.orgId, recordType: 'lead', recordId: leadId, customerId: null, actorUserId: caller.user.id, action, changes };
}
