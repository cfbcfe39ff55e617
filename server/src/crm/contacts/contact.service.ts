import { commonErrors, raise } from '../../http/app-error.ts';
import { normalizePhoneNumber } from '../../identity/users/phone-number.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { diffFields, initialFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import { phoneSearchDigits } from '../shared/fields.ts';
import { decodeCursor, encodeCursor } from '../shared/keyset.ts';
import { ContactBatch, type DuplicateKeys } from './contact-batch.ts';
import { ContactRepository, contactSortKeys, type ContactFilters, type ContactRow, type ContactSearch } from './contact.repository.ts';
import type { Contact, ContactCreateInput, ContactListQuery, ContactUpdateInput } from './contact.schema.ts';

const EDITABLE_FIELDS = ['name', 'title', 'mobile', 'email', 'wechat', 'isPrimary', 'notes'] as const;

type ContactView = NonNullable<Awaited<ReturnType<ContactRepository['findVisible']>>>;

/**
 * Contacts of customers. A customer has at most one primary contact (a unique index backs the rule): its first
 * contact becomes primary, marking another one un-marks the previous one, and trashing the primary hands the mark to
 * the oldest remaining contact. Each change lands on the customer's history.
 */
export class ContactService {
  private readonly repository: ContactRepository;

  constructor(private readonly deps: CrmDependencies) {
    this.repository = new ContactRepository(deps.identity.db);
  }

  private toContact(row: ContactView): Contact {
    return { ...row, canEdit: row.canEdit === true };
  }

  private filtersOf(caller: CrmCaller, query: Pick<ContactListQuery, 'q' | 'customerId'>): ContactFilters {
    return {
      customerId: query.customerId === undefined || query.customerId === '' ? undefined : recordId(query.customerId),
      search: query.q ? { text: query.q, phoneDigits: phoneSearchDigits(query.q, caller.phoneRegion) } : undefined,
    };
  }

  async list(caller: CrmCaller, query: ContactListQuery) {
    const key = contactSortKeys[query.sort];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order, key);
    const filters = this.filtersOf(caller, query);
    const rows = await this.repository.page(caller.scope, filters, query.sort, query.order, position, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const sortValue = (row: ContactView) => ({ name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt })[query.sort];
    return {
      items: items.map((row) => this.toContact(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last), last.id) : null,
    };
  }

  /** How many contacts the list shows with these filters (the list pages without a total). */
  async count(caller: CrmCaller, query: Pick<ContactListQuery, 'q' | 'customerId'>): Promise<number> {
    return this.repository.count(caller.scope, this.filtersOf(caller, query));
  }

  /** The search box's contact half (scoped like the list). */
  async search(caller: CrmCaller, search: ContactSearch, limit: number) {
    return this.repository.search(caller.scope, search, limit);
  }

  async get(caller: CrmCaller, rawId: string): Promise<Contact> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return this.toContact(row);
  }

  /** The customer must be one the caller may edit; any other answers 404, like a customer that does not exist. */
  async create(caller: CrmCaller, input: ContactCreateInput): Promise<Contact> {
    const id = await this.deps.identity.db.transaction(async (transaction) => this.createWithin(transaction, caller, input));
    return this.get(caller, id);
  }

  /** The create in the caller's transaction (a lead's conversion); returns the new contact's id. */
  async createWithin(transaction: Executor, caller: CrmCaller, input: ContactCreateInput): Promise<string> {
    const customerId = recordId(input.customerId);
    const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
    if (!customer?.canEdit) raise(accessErrors.NOT_FOUND);
    const existing = await this.repository.liveContacts(transaction, customerId);
    const isPrimary = existing.length === 0 || input.isPrimary === true;
    const entries: ChangeEntry[] = [];
    if (isPrimary) entries.push(...this.unmarked(caller, await this.repository.clearPrimary(transaction, customerId, null)));
    const row = await this.repository.insert(transaction, {
      orgId: caller.user.orgId,
      customerId,
      name: input.name,
      title: input.title ?? null,
      mobile: this.normalizeMobile(input.mobile, caller),
      email: input.email ?? null,
      wechat: input.wechat ?? null,
      isPrimary,
      notes: input.notes ?? null,
      createdBy: caller.user.id,
    });
    entries.push(this.added(caller, row));
    await this.deps.history.record(transaction, entries);
    return row.id;
  }

  async update(caller: CrmCaller, rawId: string, input: ContactUpdateInput): Promise<Contact> {
    const id = recordId(rawId);
    await this.withLockedContact(caller.scope, id, 'live', async (transaction, contact, canEdit) => {
      if (!canEdit) raise(commonErrors.FORBIDDEN);
      if (contact.version !== input.version) raise(recordErrors.STALE_VERSION);
      await this.updateWithin(transaction, caller, contact, input);
    });
    return this.get(caller, id);
  }

  /**
   * The edit of a contact already locked with its customer (which the caller may edit), in the caller's transaction
   * (an import's batch). Returns whether anything changed.
   */
  async updateWithin(transaction: Executor, caller: CrmCaller, contact: ContactRow, input: Omit<ContactUpdateInput, 'version'>): Promise<boolean> {
    const next: Partial<ContactRow> = {};
    for (const field of EDITABLE_FIELDS) {
      if (input[field] !== undefined) Object.assign(next, { [field]: field === 'mobile' ? this.normalizeMobile(input.mobile, caller) : input[field] });
    }
    const changes = diffFields(contact, next, EDITABLE_FIELDS);
    if (!changes) return false;
    const entries: ChangeEntry[] = [];
    if (next.isPrimary === true && !contact.isPrimary) entries.push(...this.unmarked(caller, await this.repository.clearPrimary(transaction, contact.customerId, contact.id)));
    await this.repository.update(transaction, contact.id, next);
    entries.push(this.entry(caller, contact, 'contact_updated', changes));
    await this.deps.history.record(transaction, entries);
    return true;
  }

  /**
   * A live contact of the customer with the same e-mail (ignoring case) or mobile number (normalised like a new
   * contact's): an import's duplicate, among the customer's live contacts as read by liveContactsByCustomer (or kept
   * by a ContactBatch under the customer's lock).
   */
  duplicateAmong(contacts: readonly ContactRow[], caller: CrmCaller, input: DuplicateKeys): ContactRow | undefined {
    const email = input.email?.toLowerCase() ?? null;
    const mobile = this.normalizeMobile(input.mobile, caller);
    if (!email && !mobile) return undefined;
    return contacts.find((contact) => (email !== null && contact.email?.toLowerCase() === email) || (mobile !== null && contact.mobile === mobile));
  }

  /**
   * An import batch's contacts (ContactBatch): locks the live customers among `customerIds` that the caller sees (in
   * id order) and reads the live contacts of those he may edit, in two statements instead of a few per row.
   */
  async batchWithin(transaction: Executor, caller: CrmCaller, customerIds: readonly string[]): Promise<ContactBatch> {
    const locked = await this.repository.lockCustomers(transaction, caller.scope, [...new Set(customerIds)]);
    const contactsByCustomer = await this.liveContactsByCustomer(transaction, locked.filter((row) => row.canEdit).map((row) => row.id));
    return new ContactBatch(transaction, caller, contactsByCustomer, {
      repository: this.repository,
      history: this.deps.history,
      normalizeMobile: (mobile, forCaller) => this.normalizeMobile(mobile, forCaller),
      duplicateAmong: (contacts, forCaller, input) => this.duplicateAmong(contacts, forCaller, input),
      unmarked: (forCaller, rows) => this.unmarked(forCaller, rows),
      added: (forCaller, row) => this.added(forCaller, row),
      updateWithin: (executor, forCaller, contact, input) => this.updateWithin(executor, forCaller, contact, input),
    });
  }

  /** The live contacts of these customers (oldest first) in one query, by customer; every id is a key. */
  async liveContactsByCustomer(executor: Executor, customerIds: readonly string[]): Promise<Map<string, ContactRow[]>> {
    const byCustomer = new Map(customerIds.map((id): [string, ContactRow[]] => [id, []]));
    for (const contact of await this.repository.liveContactsOf(executor, [...byCustomer.keys()])) byCustomer.get(contact.customerId)?.push(contact);
    return byCustomer;
  }

  /** A mobile number as a contact stores it (E.164 when it can be read in the organisation's region). */
  normalizedMobile(mobile: string | null | undefined, caller: CrmCaller): string | null {
    return this.normalizeMobile(mobile, caller);
  }

  /** To the trash (crm.delete checked by the route). A trashed primary hands the mark to the oldest remaining contact. */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.withLockedContact(caller.scope, id, 'live', async (transaction, contact) => {
      await this.repository.trash(transaction, id, at, caller.user.id);
      const entries = [this.entry(caller, contact, 'contact_deleted', null)];
      if (contact.isPrimary) {
        const [successor] = await this.repository.liveContacts(transaction, contact.customerId);
        if (successor) {
          await this.repository.update(transaction, successor.id, { isPrimary: true });
          entries.push(this.entry(caller, successor, 'contact_updated', { isPrimary: { from: false, to: true } }));
        }
      }
      await this.deps.history.record(transaction, entries);
    });
    return { id, deletedAt: at };
  }

  /** Back from the trash; it stays primary only if the customer has no primary meanwhile. Already back: a no-op. */
  async restore(caller: CrmCaller, rawId: string): Promise<Contact> {
    const id = recordId(rawId);
    await this.withLockedContact(caller.scope, id, 'trashed', async (transaction, contact) => {
      const live = await this.repository.liveContacts(transaction, contact.customerId);
      const isPrimary = contact.isPrimary ? !live.some((other) => other.isPrimary) : live.length === 0;
      await this.repository.update(transaction, id, { deletedAt: null, deletedBy: null, isPrimary });
      await this.deps.history.record(transaction, [this.entry(caller, contact, 'contact_restored', null)]);
    });
    return this.get(caller, id);
  }

  /**
   * Runs `work` with the contact's customer locked first, then the contact. A contact of a customer the caller cannot
   * see (or in the trash with it) is not found; a contact in the wrong state is not found either, except that a
   * restore of a contact that is already back just returns it.
   */
  private async withLockedContact(scope: CrmScope, id: string, state: 'live' | 'trashed', work: (transaction: Executor, contact: ContactRow, canEdit: boolean) => Promise<void>): Promise<void> {
    const customerId = await this.repository.customerIdOf(id);
    if (!customerId) raise(accessErrors.NOT_FOUND);
    await this.deps.identity.db.transaction(async (transaction) => {
      const customer = await this.repository.lockCustomer(transaction, scope, customerId);
      if (!customer) raise(accessErrors.NOT_FOUND);
      const contact = await this.repository.lockContact(transaction, customerId, id, state);
      if (!contact) {
        if (state === 'trashed') return;
        raise(accessErrors.NOT_FOUND);
      }
      await work(transaction, contact, customer.canEdit === true);
    });
  }

  private normalizeMobile(mobile: string | null | undefined, caller: CrmCaller): string | null {
    if (!mobile) return null;
    return normalizePhoneNumber(mobile, caller.phoneRegion) ?? mobile;
  }

  private unmarked(caller: CrmCaller, rows: ContactRow[]): ChangeEntry[] {
    return rows.map((row) => this.entry(caller, row, 'contact_updated', { isPrimary: { from: true, to: false } }));
  }

  private added(caller: CrmCaller, row: ContactRow): ChangeEntry {
    return this.entry(caller, row, 'contact_added', initialFields(row, EDITABLE_FIELDS.filter((field) => field !== 'isPrimary' || row.isPrimary)));
  }

  private entry(caller: CrmCaller, contact: Pick<ContactRow, 'id' | 'customerId'>, action: string, changes: FieldChanges | null): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: 'contact', recordId: contact.id, customerId: contact.customerId, actorUserId: caller.user.id, action, changes };
  }
}
