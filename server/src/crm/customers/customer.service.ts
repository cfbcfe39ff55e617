import { randomUUID } from 'node:crypto';
import { commonErrors, raise } from '../../http/app-error.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import { diffFields, initialFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import { domainSearchTerm, nameKeyOf, phoneDigitsOf, phoneSearchDigits, websiteDomainOf } from '../shared/fields.ts';
import type { Executor } from '../shared/database.ts';
import { decodeCursor, encodeCursor, trashPageOf } from '../shared/keyset.ts';
import { customerErrors } from './customer.errors.ts';
import { CustomerRepository, customerSortKeys, trashSortKey, type CustomerFilters, type CustomerRow, type CustomerValues } from './customer.repository.ts';
import type { Customer, CustomerCreateInput, CustomerListQuery, CustomerUpdateInput, Duplicate } from './customer.schema.ts';
import { auditTransfer, transferChanges } from '../shared/transfer.ts';

/** Fields a user edits, and whose changes the history records (derived keys and bookkeeping are left out). */
const EDITABLE_FIELDS = ['name', 'industry', 'level', 'source', 'status', 'address', 'phone', 'website', 'tags', 'notes'] as const;
const DUPLICATES_SHOWN = 10;

type CustomerView = NonNullable<Awaited<ReturnType<CustomerRepository['findVisible']>>>;

export type CreateResult = { created: Customer } | { duplicates: Duplicate[] };

/** Customers: list, detail, create with the duplicate warning, edit with versions, trash, history and transfers. */
export class CustomerService {
  private readonly repository: CustomerRepository;

  constructor(private readonly deps: CrmDependencies) {
    this.repository = new CustomerRepository(deps.identity.db);
  }

  private toCustomer(row: CustomerView, scope: CrmScope): Customer {
    return { ...row, canEdit: row.canEdit === true, canDelete: scope.canDelete, sharedWithMe: row.sharedWithMe === true };
  }

  async list(caller: CrmCaller, query: CustomerListQuery) {
    const key = customerSortKeys[query.sort];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order, key);
    const filters: CustomerFilters = {
      ownerId: query.ownerId === 'me' ? caller.user.id : query.ownerId === 'none' ? null : query.ownerId,
      level: query.level,
      status: query.status,
      source: query.source,
      industry: query.industry || undefined,
      tag: query.tag || undefined,
      search: query.q ? { text: query.q, phoneDigits: phoneSearchDigits(query.q, caller.phoneRegion), domain: domainSearchTerm(query.q) } : undefined,
    };
    // Counting is a second pass over the same rows: done for the first page only, where the list shows it, on a second
    // connection while the page is read.
    const [rows, total] = await Promise.all([
      this.repository.page(caller.scope, filters, query.sort, query.order, position, query.limit),
      position ? null : this.repository.count(caller.scope, filters),
    ]);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const sortValue = (row: CustomerView) => ({ name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt, lastFollowUpAt: row.lastFollowUpAt, level: row.level })[query.sort];
    return {
      items: items.map((row) => this.toCustomer(row, caller.scope)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last), last.id) : null,
      total,
    };
  }

  /** The search box's customer half (scoped like the list). */
  async search(caller: CrmCaller, search: NonNullable<CustomerFilters['search']>, limit: number) {
    return this.repository.search(caller.scope, search, limit);
  }

  async get(caller: CrmCaller, rawId: string): Promise<Customer> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return this.toCustomer(row, caller.scope);
  }

  /** Possible duplicates of the given name, phone or website among the organisation's live customers. */
  async duplicates(caller: CrmCaller, input: { name?: string | null | undefined; phone?: string | null | undefined; website?: string | null | undefined }, excludeId: string | null = null, executor = this.deps.identity.db): Promise<Duplicate[]> {
    const rows = await this.repository.findDuplicates(
      executor,
      caller.scope,
      { nameKey: input.name ? nameKeyOf(input.name) : null, phoneDigits: phoneDigitsOf(input.phone, caller.phoneRegion), websiteDomain: websiteDomainOf(input.website) },
      excludeId,
      DUPLICATES_SHOWN,
    );
    // A duplicate the caller may not see is reported without its id: it learns that one exists and whose it is.
    return rows.map((row) => ({ id: row.visible ? row.id : null, name: row.name, ownerName: row.ownerName }));
  }

  async create(caller: CrmCaller, input: CustomerCreateInput): Promise<CreateResult> {
    const owner = await this.ownerForNewCustomer(caller, input.ownerId);
    const outcome = await this.deps.identity.db.transaction(async (transaction) => this.createWithin(transaction, caller, input, owner));
    if ('duplicates' in outcome) return outcome;
    return { created: await this.get(caller, outcome.id) };
  }

  /** The create in the caller's transaction (a lead's conversion), the owner already checked. */
  async createWithin(transaction: Executor, caller: CrmCaller, input: CustomerCreateInput, owner: Pick<UserRow, 'id' | 'name'> | null): Promise<{ duplicates: Duplicate[] } | { id: string }> {
    const values = this.valuesOf(caller, input, owner);
    await this.repository.lockCreation(transaction, caller.user.orgId);
    if (input.allowDuplicate !== true) {
      const duplicates = await this.duplicates(caller, input, null, transaction);
      if (duplicates.length > 0) return { duplicates };
    }
    const row = await this.repository.insert(transaction, values);
    await this.deps.history.record(transaction, [this.createdEntry(caller, row, owner)]);
    return { id: row.id };
  }

  /**
   * Many creates in the caller's transaction (an import's batch), each exactly as createWithin would do it one after
   * another — same values, same duplicate warning (against the organisation's customers and the earlier inputs of this
   * call), same history rows — but with one duplicate query, one INSERT and one history INSERT for all of them.
   */
  async createManyWithin(transaction: Executor, caller: CrmCaller, items: { input: CustomerCreateInput; owner: Pick<UserRow, 'id' | 'name'> | null }[]): Promise<({ duplicates: Duplicate[] } | { id: string })[]> {
    if (items.length === 0) return [];
    await this.repository.lockCreation(transaction, caller.user.orgId);
    const planned = items.map((item) => ({ ...item, values: { ...this.valuesOf(caller, item.input, item.owner), id: randomUUID() } }));
    const keysOf = (values: { nameKey: string; phoneDigits?: string | null; websiteDomain?: string | null }) => [values.nameKey ? `n:${values.nameKey}` : '', values.phoneDigits ? `p:${values.phoneDigits}` : '', values.websiteDomain ? `w:${values.websiteDomain}` : ''].filter((key) => key !== '');
    const checked = planned.filter((item) => item.input.allowDuplicate !== true).map((item) => item.values);
    const existing = await this.repository.findDuplicatesAmong(transaction, caller.scope, {
      nameKeys: [...new Set(checked.map((values) => values.nameKey))],
      phoneDigits: [...new Set(checked.flatMap((values) => (values.phoneDigits ? [values.phoneDigits] : [])))],
      websiteDomains: [...new Set(checked.flatMap((values) => (values.websiteDomain ? [values.websiteDomain] : [])))],
    });
    const known = new Map<string, Duplicate[]>();
    const remember = (key: string, duplicate: Duplicate) => known.set(key, [...(known.get(key) ?? []), duplicate]);
    for (const row of existing) {
      const duplicate = { id: row.visible ? row.id : null, name: row.name, ownerName: row.ownerName };
      for (const key of keysOf(row)) remember(key, duplicate);
    }
    const results: ({ duplicates: Duplicate[] } | { id: string })[] = [];
    const inserted: typeof planned = [];
    for (const item of planned) {
      const keys = keysOf(item.values);
      if (item.input.allowDuplicate !== true) {
        const duplicates = [...new Set(keys.flatMap((key) => known.get(key) ?? []))].slice(0, DUPLICATES_SHOWN);
        if (duplicates.length > 0) {
          results.push({ duplicates });
          continue;
        }
      }
      for (const key of keys) remember(key, { id: item.values.id, name: item.values.name, ownerName: item.owner?.name ?? null });
      inserted.push(item);
      results.push({ id: item.values.id });
    }
    const rows = await this.repository.insertMany(
      transaction,
      inserted.map((item) => item.values),
    );
    const owners = new Map<string, Pick<UserRow, 'id' | 'name'> | null>(inserted.map((item) => [item.values.id, item.owner]));
    await this.deps.history.record(
      transaction,
      rows.map((row) => this.createdEntry(caller, row, owners.get(row.id) ?? null)),
    );
    return results;
  }

  /** duplicates() for many inputs with one query (an import's dry run): the existing customers each input matches. */
  async duplicatesAmong(caller: CrmCaller, inputs: Pick<CustomerCreateInput, 'name' | 'phone' | 'website'>[]): Promise<Duplicate[][]> {
    const keyed = inputs.map((input) => ({ nameKey: nameKeyOf(input.name), phoneDigits: phoneDigitsOf(input.phone, caller.phoneRegion), websiteDomain: websiteDomainOf(input.website) }));
    const rows = await this.repository.findDuplicatesAmong(this.deps.identity.db, caller.scope, {
      nameKeys: [...new Set(keyed.map((keys) => keys.nameKey))],
      phoneDigits: [...new Set(keyed.flatMap((keys) => (keys.phoneDigits ? [keys.phoneDigits] : [])))],
      websiteDomains: [...new Set(keyed.flatMap((keys) => (keys.websiteDomain ? [keys.websiteDomain] : [])))],
    });
    return keyed.map((keys) =>
      rows
        .filter((row) => row.nameKey === keys.nameKey || (keys.phoneDigits !== null && row.phoneDigits === keys.phoneDigits) || (keys.websiteDomain !== null && row.websiteDomain === keys.websiteDomain))
        .slice(0, DUPLICATES_SHOWN)
        .map((row) => ({ id: row.visible ? row.id : null, name: row.name, ownerName: row.ownerName })),
    );
  }

  private valuesOf(caller: CrmCaller, input: CustomerCreateInput, owner: Pick<UserRow, 'id' | 'name'> | null): CustomerValues {
    return {
      orgId: caller.user.orgId,
      ownerUserId: owner?.id ?? null,
      name: input.name,
      nameKey: nameKeyOf(input.name),
      industry: input.industry ?? null,
      level: input.level ?? null,
      source: input.source ?? null,
      status: input.status ?? 'potential',
      address: input.address ?? null,
      phone: input.phone ?? null,
      phoneDigits: phoneDigitsOf(input.phone, caller.phoneRegion),
      website: input.website ?? null,
      websiteDomain: websiteDomainOf(input.website),
      tags: input.tags ?? [],
      notes: input.notes ?? null,
      createdBy: caller.user.id,
    };
  }

  private createdEntry(caller: CrmCaller, row: CustomerRow, owner: Pick<UserRow, 'id' | 'name'> | null): ChangeEntry {
    const initial = { ...initialFields(row, EDITABLE_FIELDS), ...(owner ? { owner: { from: null, to: owner.name } } : {}) };
    return this.entry(caller, row.id, 'created', initial);
  }

  /** Locks a live customer the caller may edit (a lead converted into it), or undefined: the caller answers 404. */
  async lockEditable(transaction: Executor, caller: CrmCaller, id: string): Promise<{ id: string; name: string } | undefined> {
    const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
    return locked?.canEdit ? { id: locked.row.id, name: locked.row.name } : undefined;
  }

  /**
   * Sales create customers for themselves only; managers for themselves or a team mate; owners and admins for any
   * active member who works on customers. Only crm.writeAll may put a new customer straight into the public pool.
   */
  async ownerForNewCustomer(caller: CrmCaller, requested: string | null | undefined): Promise<Pick<UserRow, 'id' | 'name'> | null> {
    if (requested === undefined || requested === caller.user.id) return caller.user;
    if (!caller.scope.canWriteAll) raise(customerErrors.OWNER_NOT_ALLOWED);
    if (requested === null) return null;
    if (caller.scope.ownerIds !== null && !caller.scope.ownerIds.includes(requested)) raise(customerErrors.OWNER_NOT_ALLOWED);
    const owner = await this.activeCrmMember(caller.user.orgId, requested);
    if (!owner) raise(customerErrors.INVALID_NEW_OWNER);
    return owner;
  }

  /** Who may be given customers: an active member who works on the CRM (offboarding's successor check too). */
  async activeCrmMember(orgId: string, userId: string): Promise<UserRow | undefined> {
    const user = await this.deps.identity.users.findInOrg(orgId, userId);
    return user?.status === 'active' && hasPermission(user.role, 'crm.write') ? user : undefined;
  }

  /** An active member who works on customers, named by sign-in e-mail (an import's owner column), in this organisation. */
  async findMemberByEmail(orgId: string, email: string): Promise<UserRow | undefined> {
    if (!email.includes('@')) return undefined;
    const user = await this.deps.identity.users.findByIdentifier(email);
    return user?.orgId === orgId ? this.activeCrmMember(orgId, user.id) : undefined;
  }

  async update(caller: CrmCaller, rawId: string, input: CustomerUpdateInput): Promise<Customer> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => this.updateWithin(transaction, caller, id, input, input.version));
    return this.get(caller, id);
  }

  /**
   * The edit in the caller's transaction (an import's batch): 404 when the caller cannot see the customer, 403 when he
   * may not edit it; `version` (when given) must match. Returns whether anything changed.
   */
  async updateWithin(transaction: Executor, caller: CrmCaller, id: string, input: Omit<CustomerUpdateInput, 'version'>, version?: number): Promise<boolean> {
    const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
    if (!locked) raise(accessErrors.NOT_FOUND);
    if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
    if (version !== undefined && locked.row.version !== version) raise(recordErrors.STALE_VERSION);
    const next: Partial<CustomerRow> = {};
    for (const field of EDITABLE_FIELDS) {
      if (input[field] !== undefined) Object.assign(next, { [field]: input[field] });
    }
    const changes = diffFields(locked.row, next, EDITABLE_FIELDS);
    if (!changes) return false;
    const derived: Partial<CustomerValues> = {};
    if (next.name !== undefined) derived.nameKey = nameKeyOf(next.name);
    if (next.phone !== undefined) derived.phoneDigits = phoneDigitsOf(next.phone, caller.phoneRegion);
    if (next.website !== undefined) derived.websiteDomain = websiteDomainOf(next.website);
    await this.repository.update(transaction, id, { ...next, ...derived });
    await this.deps.history.record(transaction, [this.entry(caller, id, 'updated', changes)]);
    return true;
  }

  /** Live customers the caller sees whose name equals one of `names` ignoring case (an import's customer column). */
  async findVisibleByNames(caller: CrmCaller, names: string[], executor: Executor = this.deps.identity.db): Promise<{ id: string; name: string; canEdit: boolean }[]> {
    const wanted = new Set(names.map((name) => name.toLowerCase()));
    const rows = await this.repository.findVisibleByNameKeys(executor, caller.scope, [...new Set(names.map(nameKeyOf))]);
    return rows.filter((row) => wanted.has(row.name.toLowerCase())).map((row) => ({ id: row.id, name: row.name, canEdit: row.canEdit === true }));
  }

  /** To the trash with its live contacts (crm.delete is checked by the route; the record must be visible). */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      await this.repository.trash(transaction, id, at, caller.user.id);
      for (const cascade of this.deps.customerCascades) await cascade.trash(transaction, id, at, caller.user.id);
      await this.deps.history.record(transaction, [this.entry(caller, id, 'deleted', null)]);
    });
    return { id, deletedAt: at };
  }

  /** Back from the trash with the contacts that went with it. Restoring a customer that is already back is a no-op. */
  async restore(caller: CrmCaller, rawId: string): Promise<Customer> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'trashed');
      if (!locked?.row.deletedAt) return;
      await this.repository.restore(transaction, id);
      for (const cascade of this.deps.customerCascades) await cascade.restore(transaction, id, locked.row.deletedAt);
      await this.deps.history.record(transaction, [this.entry(caller, id, 'restored', null)]);
    });
    return this.get(caller, id);
  }

  trashPage(caller: CrmCaller, cursor: string | undefined, limit: number) {
    return trashPageOf(cursor, limit, trashSortKey, (position, size) => this.repository.trashPage(caller.scope, position, size));
  }

  async history(caller: CrmCaller, rawId: string, cursor: string | undefined, limit: number) {
    const id = recordId(rawId);
    if (!(await this.repository.findVisible(caller.scope, id))) raise(accessErrors.NOT_FOUND);
    return this.deps.history.customerTimeline(this.deps.identity.db, id, caller.scope, cursor, limit);
  }

  /**
   * Moves customers to another owner, all or nothing: an id the caller cannot see (or that does not exist) answers
   * 404 and nothing moves; a visible one the caller may not move answers 403. Customers already owned by the new
   * owner are left alone and not counted.
   */
  async transfer(caller: CrmCaller, rawIds: string[], toUserId: string, note: string | null | undefined): Promise<{ transferred: number }> {
    const ids = [...new Set(rawIds.map(recordId))];
    const target = await this.activeCrmMember(caller.user.orgId, toUserId);
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
      const names = await this.repository.userNames(transaction, [...new Set(moving.map((row) => row.ownerUserId).filter((owner): owner is string => owner !== null))]);
      await this.deps.history.record(
        transaction,
        moving.map((row) => this.entry(caller, row.id, 'transferred', transferChanges(row.ownerUserId === null ? null : (names.get(row.ownerUserId) ?? null), target.name, note ?? null))),
      );
      return moving;
    });
    await auditTransfer(this.deps, caller, target, 'customer', moved);
    return { transferred: moved.length };
  }

  async countOwned(orgId: string, userId: string): Promise<number> {
    return this.repository.countOwned(orgId, userId);
  }

  private entry(caller: CrmCaller, customerId: string, action: string, changes: FieldChanges | null): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: 'customer', recordId: customerId, customerId, actorUserId: caller.user.id, action, changes };
  }
}
