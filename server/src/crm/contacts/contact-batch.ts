import { randomUUID } from 'node:crypto';
import type { CrmCaller } from '../access/access.service.ts';
import type { ChangeEntry, HistoryService } from '../history/history.service.ts';
import type { Executor } from '../shared/database.ts';
import type { ContactRepository, ContactRow } from './contact.repository.ts';
import type { ContactCreateInput, ContactUpdateInput } from './contact.schema.ts';

/** What makes two contacts of one customer the same person for an import: e-mail (ignoring case) or mobile. */
export interface DuplicateKeys {
  email?: string | null | undefined;
  mobile?: string | null | undefined;
}

/** What the batch borrows from ContactService, so both apply the same rules. */
export interface ContactBatchDependencies {
  repository: ContactRepository;
  history: HistoryService;
  normalizeMobile(mobile: string | null | undefined, caller: CrmCaller): string | null;
  duplicateAmong(contacts: readonly ContactRow[], caller: CrmCaller, input: DuplicateKeys): ContactRow | undefined;
  /** The history rows of contacts losing the primary mark, and of a contact being added. */
  unmarked(caller: CrmCaller, rows: ContactRow[]): ChangeEntry[];
  added(caller: CrmCaller, row: ContactRow): ChangeEntry;
  updateWithin(transaction: Executor, caller: CrmCaller, contact: ContactRow, input: Omit<ContactUpdateInput, 'version'>): Promise<boolean>;
}

interface QueuedCreate {
  /** The contact as created (before a later row of the batch may un-mark it). */
  row: ContactRow;
  /** The contacts this create un-marks as primary, as they were before. */
  unmarks: ContactRow[];
}

/**
 * The contacts of one import batch (ContactService.batchWithin), with the rules of ContactService.createWithin but
 * a few statements per batch instead of several per row. Its customers are locked (so nobody else adds, edits or
 * trashes their contacts meanwhile) and their live contacts held in memory; new contacts are queued and written
 * together by `flush`: one UPDATE un-marking earlier primaries, one INSERT, one history call, in the row order a
 * row-by-row import would have produced. Queued contacts take part in the duplicate look-ups at once, so a row
 * repeating an earlier row of the file meets that row's contact. An update writes the queue first.
 */
export class ContactBatch {
  private queued: QueuedCreate[] = [];

  constructor(
    private readonly transaction: Executor,
    private readonly caller: CrmCaller,
    /** Each editable, locked customer with its live contacts, oldest first, queued ones included. */
    private readonly contactsByCustomer: Map<string, ContactRow[]>,
    private readonly deps: ContactBatchDependencies,
  ) {}

  /** Whether the customer was live, visible and editable when the batch locked it. */
  canEdit(customerId: string): boolean {
    return this.contactsByCustomer.has(customerId);
  }

  /** A live (or queued) contact of the customer with the same e-mail or mobile. */
  duplicate(customerId: string, input: DuplicateKeys): ContactRow | undefined {
    return this.deps.duplicateAmong(this.contactsOf(customerId), this.caller, input);
  }

  /** Queues a new contact: primary when it is the customer's first or asks to be, which un-marks the previous one. */
  create(input: ContactCreateInput): void {
    const contacts = this.contactsOf(input.customerId);
    const isPrimary = contacts.length === 0 || input.isPrimary === true;
    const unmarks = isPrimary ? contacts.filter((contact) => contact.isPrimary) : [];
    for (const contact of unmarks) this.replace(contact.customerId, { ...contact, isPrimary: false, version: contact.version + 1 });
    // Timestamps come from the database when the queue is written; until then only the fields below are read.
    const now = new Date();
    const row: ContactRow = {
      id: randomUUID(),
      orgId: this.caller.user.orgId,
      customerId: input.customerId,
      name: input.name,
      title: input.title ?? null,
      mobile: this.deps.normalizeMobile(input.mobile, this.caller),
      email: input.email ?? null,
      wechat: input.wechat ?? null,
      isPrimary,
      notes: input.notes ?? null,
      createdBy: this.caller.user.id,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      deletedBy: null,
      version: 1,
    };
    contacts.push(row);
    this.queued.push({ row, unmarks });
  }

  /** ContactService.updateWithin on a contact of the batch (queued ones are written first). */
  async update(contact: ContactRow, input: Omit<ContactUpdateInput, 'version'>): Promise<void> {
    await this.flush();
    const current = this.contactsOf(contact.customerId).find((candidate) => candidate.id === contact.id) ?? contact;
    if (await this.deps.updateWithin(this.transaction, this.caller, current, input)) {
      // The edit may change e-mails, mobiles and primary marks of this customer's contacts: read them again.
      const fresh = await this.deps.repository.liveContactsOf(this.transaction, [contact.customerId]);
      this.contactsByCustomer.set(contact.customerId, fresh);
    }
  }

  /** Writes the queued contacts and their history. */
  async flush(): Promise<void> {
    const queued = this.queued;
    if (queued.length === 0) return;
    this.queued = [];
    const queuedIds = new Set(queued.map((entry) => entry.row.id));
    // Contacts already in the database that lose the primary mark: their customers' live primaries (the lists are
    // exact under the lock), un-marked before the INSERT so the one-primary index never sees two.
    const customersToUnmark = new Set(queued.flatMap((entry) => entry.unmarks.filter((contact) => !queuedIds.has(contact.id)).map((contact) => contact.customerId)));
    for (const unmarked of await this.deps.repository.clearPrimaryOf(this.transaction, [...customersToUnmark])) {
      this.replace(unmarked.customerId, unmarked);
    }
    // Each queued contact is inserted as it ends the batch: one that a later row un-marked goes in un-marked, at the
    // version the two steps would have given it; its history still tells both steps, in order.
    const inserted = await this.deps.repository.insertMany(
      this.transaction,
      queued.map(({ row }) => {
        const final = this.contactsOf(row.customerId).find((contact) => contact.id === row.id) ?? row;
        const { createdAt: _createdAt, updatedAt: _updatedAt, ...values } = final;
        return values;
      }),
    );
    for (const row of inserted) this.replace(row.customerId, row);
    for (const contacts of new Set(inserted.map((row) => this.contactsOf(row.customerId)))) {
      contacts.sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime() || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    }
    const entries = queued.flatMap(({ row, unmarks }) => [...this.deps.unmarked(this.caller, unmarks), this.deps.added(this.caller, row)]);
    await this.deps.history.record(this.transaction, entries);
  }

  private contactsOf(customerId: string): ContactRow[] {
    const contacts = this.contactsByCustomer.get(customerId);
    if (!contacts) throw new Error('contact batch: customer not locked');
    return contacts;
  }

  private replace(customerId: string, row: ContactRow): void {
    const contacts = this.contactsOf(customerId);
    const index = contacts.findIndex((contact) => contact.id === row.id);
    if (index !== -1) contacts[index] = row;
  }
}
