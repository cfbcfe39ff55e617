import { commonErrors, raise } from '../../http/app-error.ts';
import { isLocale, translate, type Locale } from '../../i18n/i18n.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { diffFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import { decodeCursor, encodeCursor } from '../shared/keyset.ts';
import { FollowUpReminders } from '../tasks/follow-up-reminders.ts';
import { followUpErrors } from './follow-up.errors.ts';
import { FollowUpRepository, followUpSortKey, type FollowUpRow } from './follow-up.repository.ts';
import { followUpTypes, type FollowUp, type FollowUpCreateInput, type FollowUpListQuery, type FollowUpType, type FollowUpUpdateInput } from './follow-up.schema.ts';

const EDITABLE_FIELDS = ['type', 'content', 'occurredAt', 'nextFollowUpAt', 'contactId', 'dealId'] as const;
/** A follow-up may be dated this far ahead of the server's clock (a laptop a little fast), no further. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The timeline shows the start of the content, not all of it. */
const CONTENT_EXCERPT = 200;
const TITLE_MAX = 200;

type FollowUpListRow = NonNullable<Awaited<ReturnType<FollowUpRepository['findVisible']>>>;
type LockedCustomer = NonNullable<Awaited<ReturnType<FollowUpRepository['lockCustomer']>>>;

/**
 * Follow-up records (跟进记录). Seen by whoever sees the customer; logged by those who may edit the customer; changed
 * by their author or by crm.writeAll in scope. Every write locks the customer row first, then the follow-up, keeps
 * the customer's last_follow_up_at and the reminder task in step, and records the change on the customer's timeline
 * in the same transaction.
 */
export class FollowUpService {
  private readonly repository: FollowUpRepository;
  private readonly reminders = new FollowUpReminders();

  constructor(private readonly deps: CrmDependencies) {
    this.repository = new FollowUpRepository(deps.identity.db);
  }

  /** Authors change their own follow-ups; crm.writeAll changes any the scope sees. */
  canEdit(scope: CrmScope, authorId: string | null): boolean {
    return scope.canWrite && (scope.canWriteAll || authorId === scope.userId);
  }

  private async withAttachments(scope: CrmScope, rows: FollowUpListRow[]): Promise<FollowUp[]> {
    const attachments = await this.repository.attachmentsOf(rows.map((row) => row.id));
    return rows.map((row) => ({
      ...row,
      type: asFollowUpType(row.type),
      attachments: attachments.filter((attachment) => attachment.followUpId === row.id).map(({ followUpId: _followUpId, ...attachment }) => attachment),
      canEdit: this.canEdit(scope, row.authorId),
    }));
  }

  async list(caller: CrmCaller, query: FollowUpListQuery) {
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, 'occurredAt', 'desc', followUpSortKey);
    const rows = await this.repository.page(
      caller.scope,
      {
        customerId: query.customerId ? recordId(query.customerId) : undefined,
        dealId: query.dealId ? recordId(query.dealId) : undefined,
        authorId: query.authorId === 'me' ? caller.user.id : query.authorId,
        type: query.type,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      position,
      query.limit,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: await this.withAttachments(caller.scope, items),
      nextCursor: rows.length > query.limit && last ? encodeCursor('occurredAt', 'desc', last.occurredAt, last.id) : null,
    };
  }

  async get(caller: CrmCaller, rawId: string): Promise<FollowUp> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    const [followUp] = await this.withAttachments(caller.scope, [row]);
    if (!followUp) raise(accessErrors.NOT_FOUND);
    return followUp;
  }

  /** On a customer the caller may edit (one he only sees: 403; one he does not: 404). */
  async create(caller: CrmCaller, input: FollowUpCreateInput): Promise<FollowUp> {
    const customerId = recordId(input.customerId);
    const now = new Date();
    const occurredAt = input.occurredAt ?? now;
    const nextFollowUpAt = input.nextFollowUpAt ?? null;
    checkTimes(now, input.occurredAt, occurredAt, nextFollowUpAt);
    const id = await this.deps.identity.db.transaction(async (transaction) => {
      const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
      if (!customer) raise(accessErrors.NOT_FOUND);
      if (customer.canEdit !== true) raise(commonErrors.FORBIDDEN);
      const links = await this.checkLinks(transaction, caller.scope, customerId, input.contactId ?? null, input.dealId ?? null);
      const row = await this.repository.insert(transaction, {
        orgId: caller.user.orgId,
        customerId,
        ...links,
        authorUserId: caller.user.id,
        type: input.type,
        content: input.content,
        occurredAt,
        nextFollowUpAt,
      });
      if (nextFollowUpAt) await this.scheduleReminder(transaction, caller, customer, row, nextFollowUpAt);
      await this.repository.refreshLastFollowUp(transaction, customerId);
      const initial: FieldChanges = { type: { from: null, to: row.type }, occurredAt: { from: null, to: row.occurredAt }, content: { from: null, to: excerpt(row.content) } };
      if (nextFollowUpAt) initial.nextFollowUpAt = { from: null, to: nextFollowUpAt };
      await this.deps.history.record(transaction, [this.entry(caller, row, 'follow_up_added', initial)]);
      return row.id;
    });
    return this.get(caller, id);
  }

  async update(caller: CrmCaller, rawId: string, input: FollowUpUpdateInput): Promise<FollowUp> {
    const id = recordId(rawId);
    const now = new Date();
    await this.withLockedFollowUp(caller, id, 'live', async (transaction, customer, followUp) => {
      if (followUp.version !== input.version) raise(recordErrors.STALE_VERSION);
      const next: Partial<FollowUpRow> = {};
      if (input.type !== undefined) next.type = input.type;
      if (input.content !== undefined) next.content = input.content;
      if (input.occurredAt !== undefined) next.occurredAt = input.occurredAt;
      if (input.nextFollowUpAt !== undefined) next.nextFollowUpAt = input.nextFollowUpAt;
      if (input.contactId !== undefined || input.dealId !== undefined) {
        const contactId = input.contactId !== undefined ? input.contactId : followUp.contactId;
        const dealId = input.dealId !== undefined ? input.dealId : followUp.dealId;
        Object.assign(next, await this.checkLinks(transaction, caller.scope, followUp.customerId, contactId, dealId));
      }
      checkTimes(now, input.occurredAt, next.occurredAt ?? followUp.occurredAt, next.nextFollowUpAt === undefined ? followUp.nextFollowUpAt : next.nextFollowUpAt);
      const changes = diffFields(followUp, next, EDITABLE_FIELDS);
      if (!changes) return;
      await this.repository.update(transaction, id, next);
      if (changes.nextFollowUpAt) {
        const due = next.nextFollowUpAt ?? null;
        if (due === null) await this.reminders.cancel(transaction, id, now, caller.user.id);
        else await this.scheduleReminder(transaction, caller, customer, { ...followUp, ...next }, due);
      }
      if (changes.occurredAt) await this.repository.refreshLastFollowUp(transaction, followUp.customerId);
      if (changes.content) changes.content = { from: excerpt(followUp.content), to: excerpt(next.content ?? '') };
      await this.deps.history.record(transaction, [this.entry(caller, followUp, 'follow_up_updated', await this.readable(transaction, changes))]);
    });
    return this.get(caller, id);
  }

  /** To the trash with its open reminder; the customer's last follow-up falls back to the one before. */
  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.withLockedFollowUp(caller, id, 'live', async (transaction, _customer, followUp) => {
      await this.repository.trash(transaction, id, at, caller.user.id);
      await this.reminders.cancel(transaction, id, at, caller.user.id);
      await this.repository.refreshLastFollowUp(transaction, followUp.customerId);
      await this.deps.history.record(transaction, [this.entry(caller, followUp, 'follow_up_deleted', { type: { from: null, to: followUp.type } })]);
    });
    return { id, deletedAt: at };
  }

  /** Back from the trash with the reminder that went with it. Already back: a no-op. */
  async restore(caller: CrmCaller, rawId: string): Promise<FollowUp> {
    const id = recordId(rawId);
    await this.withLockedFollowUp(caller, id, 'trashed', async (transaction, _customer, followUp) => {
      if (!followUp.deletedAt) return;
      await this.repository.update(transaction, id, { deletedAt: null, deletedBy: null });
      await this.reminders.restore(transaction, id, followUp.deletedAt);
      await this.repository.refreshLastFollowUp(transaction, followUp.customerId);
      await this.deps.history.record(transaction, [this.entry(caller, followUp, 'follow_up_restored', { type: { from: null, to: followUp.type } })]);
    });
    return this.get(caller, id);
  }

  /**
   * Runs `work` with the follow-up's customer locked first, then the follow-up, once the caller is known to be allowed
   * to change it. A follow-up of a customer the caller cannot see is not found; one in the wrong state too, except
   * that restoring one that is already back does nothing. Attachments use the same door.
   */
  async withLockedFollowUp(caller: CrmCaller, id: string, state: 'live' | 'trashed', work: (transaction: Executor, customer: LockedCustomer, followUp: FollowUpRow) => Promise<void>): Promise<void> {
    const customerId = await this.repository.customerIdOf(id);
    if (!customerId) raise(accessErrors.NOT_FOUND);
    await this.deps.identity.db.transaction(async (transaction) => {
      const customer = await this.repository.lockCustomer(transaction, caller.scope, customerId);
      if (!customer) raise(accessErrors.NOT_FOUND);
      const followUp = await this.repository.lockFollowUp(transaction, customerId, id, state);
      if (!followUp) {
        if (state === 'trashed') return;
        raise(accessErrors.NOT_FOUND);
      }
      if (!this.canEdit(caller.scope, followUp.authorUserId)) raise(commonErrors.FORBIDDEN);
      await work(transaction, customer, followUp);
    });
  }

  /** The timeline names the contact and the deal rather than showing their ids. */
  private async readable(executor: Executor, changes: FieldChanges): Promise<FieldChanges> {
    const { contactId, dealId, ...shown } = changes;
    const name = async (read: (id: string) => Promise<string | null>, value: unknown) => (typeof value === 'string' ? read(value) : null);
    if (contactId) shown.contact = { from: await name((id) => this.repository.contactName(executor, id), contactId.from), to: await name((id) => this.repository.contactName(executor, id), contactId.to) };
    if (dealId) shown.deal = { from: await name((id) => this.repository.dealName(executor, id), dealId.from), to: await name((id) => this.repository.dealName(executor, id), dealId.to) };
    return shown;
  }

  /** A contact must be a live contact of the same customer; a deal a live deal of it that the caller may see. */
  private async checkLinks(executor: Executor, scope: CrmScope, customerId: string, rawContactId: string | null, rawDealId: string | null) {
    const contactId = rawContactId === null ? null : recordId(rawContactId);
    const dealId = rawDealId === null ? null : recordId(rawDealId);
    if (contactId !== null && !(await this.repository.isLiveContactOf(executor, customerId, contactId))) raise(accessErrors.NOT_FOUND);
    if (dealId !== null && !(await this.repository.isVisibleDealOf(executor, scope, customerId, dealId))) raise(accessErrors.NOT_FOUND);
    return { contactId, dealId };
  }

  /**
   * The reminder goes to the customer's owner (the author when the customer is in the public pool), titled in the
   * assignee's language (else the organisation's) from the customer's name and the kind of contact.
   */
  private async scheduleReminder(executor: Executor, caller: CrmCaller, customer: LockedCustomer, followUp: FollowUpRow, dueAt: Date): Promise<void> {
    const assigneeUserId = customer.ownerUserId ?? followUp.authorUserId ?? caller.user.id;
    const languages = await this.repository.languagesOf(executor, assigneeUserId);
    const locale: Locale = isLocale(languages?.user) ? languages.user : isLocale(languages?.organization) ? languages.organization : 'en';
    await this.reminders.schedule(executor, {
      orgId: caller.user.orgId,
      followUpId: followUp.id,
      customerId: followUp.customerId,
      dealId: followUp.dealId,
      assigneeUserId,
      title: reminderTitle(locale, customer.name, asFollowUpType(followUp.type)),
      dueAt,
      actorUserId: caller.user.id,
    });
  }

  private entry(caller: CrmCaller, followUp: Pick<FollowUpRow, 'id' | 'customerId'>, action: string, changes: FieldChanges | null): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: 'follow_up', recordId: followUp.id, customerId: followUp.customerId, actorUserId: caller.user.id, action, changes };
  }
}

function asFollowUpType(value: string): FollowUpType {
  return (followUpTypes as readonly string[]).includes(value) ? (value as FollowUpType) : 'call';
}

/** `requestedOccurredAt`: what the client sent (undefined = now, which is never in the future). */
function checkTimes(now: Date, requestedOccurredAt: Date | undefined, occurredAt: Date, nextFollowUpAt: Date | null): void {
  if (requestedOccurredAt && requestedOccurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) raise(followUpErrors.OCCURRED_IN_FUTURE);
  if (nextFollowUpAt && nextFollowUpAt.getTime() <= occurredAt.getTime()) raise(followUpErrors.NEXT_BEFORE_OCCURRED);
}

function excerpt(content: string): string {
  return content.length > CONTENT_EXCERPT ? `${content.slice(0, CONTENT_EXCERPT - 1)}…` : content;
}

/** "Follow up with Acme Ltd (call)" / "跟进华通科技（电话）", the customer's name shortened to fit the title's limit. */
export function reminderTitle(locale: Locale, customerName: string, type: FollowUpType): string {
  const title = (name: string) => translate(locale, 'followUps.reminderTitle', { customer: name, type: translate(locale, `followUps.type.${type}`) });
  const full = title(customerName);
  if (full.length <= TITLE_MAX) return full;
  const room = TITLE_MAX - (full.length - customerName.length) - 1;
  return title(`${[...customerName].slice(0, Math.max(room, 1)).join('')}…`);
}
