import { commonErrors, raise } from '../../http/app-error.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { diffFields, type ChangeEntry } from '../history/history.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import { decodeCursor, encodeCursor } from '../shared/keyset.ts';
import { dayBounds } from '../../i18n/time-zone.ts';
import { taskErrors } from './task.errors.ts';
import { TaskRepository, taskViewOrder, type TaskRow } from './task.repository.ts';
import type { Task, TaskCreateInput, TaskListQuery, TaskUpdateInput } from './task.schema.ts';

const EDITABLE_FIELDS = ['title', 'notes', 'dueAt', 'assigneeUserId', 'customerId', 'dealId'] as const;

type TaskListRow = NonNullable<Awaited<ReturnType<TaskRepository['findVisible']>>>;

/**
 * Tasks: to-dos with a due time, assigned to one member, optionally about a customer or a deal. Anyone who may edit
 * a task (its assignee, or crm.writeAll in scope) completes, reopens, edits or deletes it; completing twice is
 * harmless. Changes of tasks linked to a customer land on the customer's timeline.
 */
export class TaskService {
  private readonly repository: TaskRepository;

  constructor(private readonly deps: CrmDependencies) {
    this.repository = new TaskRepository(deps.identity.db);
  }

  private toTask(row: TaskListRow): Task {
    return { ...row, status: row.status === 'done' ? 'done' : 'open', canEdit: row.canEdit === true };
  }

  async list(caller: CrmCaller, query: TaskListQuery, now = new Date()) {
    const { key, order } = taskViewOrder[query.view];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.view, order, key);
    const assigneeId = query.view === 'my_day' || query.assigneeId === 'me' ? caller.user.id : query.assigneeId;
    const rows = await this.repository.page(
      caller.scope,
      {
        view: query.view,
        assigneeId,
        customerId: query.customerId ? recordId(query.customerId) : undefined,
        dealId: query.dealId ? recordId(query.dealId) : undefined,
        endOfToday: dayBounds(now, query.tz).end,
      },
      position,
      query.limit,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const sortValue = (row: TaskListRow) => ({ my_day: row.dueAt, open: row.dueAt, done: row.completedAt, all: row.createdAt })[query.view];
    return {
      items: items.map((row) => this.toTask(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.view, order, sortValue(last), last.id) : null,
    };
  }

  /** The caller's own open tasks by urgency, for the navigation badge. */
  async counts(caller: CrmCaller, timeZone: string, now = new Date()) {
    return this.repository.countOpen(caller.scope, caller.user.id, now, dayBounds(now, timeZone).end);
  }

  async get(caller: CrmCaller, rawId: string): Promise<Task> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return this.toTask(row);
  }

  async create(caller: CrmCaller, input: TaskCreateInput): Promise<Task> {
    const assignee = await this.assigneeFor(caller, input.assigneeId ?? caller.user.id);
    const id = await this.deps.identity.db.transaction(async (transaction) => {
      const links = await this.resolveLinks(transaction, caller, input.customerId ?? null, input.dealId ?? null);
      const row = await this.repository.insert(transaction, {
        orgId: caller.user.orgId,
        title: input.title,
        notes: input.notes ?? null,
        dueAt: input.dueAt ?? null,
        assigneeUserId: assignee.id,
        customerId: links.customerId,
        dealId: links.dealId,
        createdBy: caller.user.id,
      });
      const initial: FieldChanges = { title: { from: null, to: row.title }, assignee: { from: null, to: assignee.name } };
      if (row.dueAt) initial.dueAt = { from: null, to: row.dueAt };
      await this.recordOnCustomer(transaction, caller, row, 'task_added', initial);
      return row.id;
    });
    return this.get(caller, id);
  }

  async update(caller: CrmCaller, rawId: string, input: TaskUpdateInput): Promise<Task> {
    const id = recordId(rawId);
    const assignee = input.assigneeId === undefined ? undefined : await this.assigneeFor(caller, input.assigneeId);
    // Links are resolved against the task as loaded; the version check below makes sure it is still that task.
    const relinking = input.customerId !== undefined || input.dealId !== undefined;
    const loaded = relinking ? await this.repository.findRow(id) : undefined;
    await this.deps.identity.db.transaction(async (transaction) => {
      // The new customer is checked (and share-locked) before the task is locked: customers are always locked first.
      let links: { customerId: string | null; dealId: string | null } | undefined;
      if (loaded) {
        const customerId = input.customerId !== undefined ? input.customerId : loaded.customerId;
        const dealId = input.dealId !== undefined ? input.dealId : customerId === loaded.customerId ? loaded.dealId : null;
        links = await this.resolveLinks(transaction, caller, customerId, dealId);
      }
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      if (locked.row.version !== input.version) raise(recordErrors.STALE_VERSION);
      const next: Partial<TaskRow> = {};
      if (input.title !== undefined) next.title = input.title;
      if (input.notes !== undefined) next.notes = input.notes;
      if (input.dueAt !== undefined) next.dueAt = input.dueAt;
      if (assignee) next.assigneeUserId = assignee.id;
      if (links) Object.assign(next, links);
      const changes = diffFields(locked.row, next, EDITABLE_FIELDS);
      if (!changes) return;
      await this.repository.update(transaction, id, next);
      await this.recordOnCustomer(transaction, caller, { ...locked.row, ...next }, 'task_updated', await this.readable(transaction, changes));
    });
    return this.get(caller, id);
  }

  /** Field changes as people read them: members, customers and deals by name rather than by id. */
  private async readable(executor: Executor, changes: FieldChanges): Promise<FieldChanges> {
    const { assigneeUserId, customerId, dealId, ...shown } = changes;
    const ids = (change: { from: unknown; to: unknown }) => [change.from, change.to].map((value) => (typeof value === 'string' ? value : null));
    if (assigneeUserId) {
      const [from, to] = await this.repository.userNames(executor, ids(assigneeUserId));
      shown.assignee = { from, to };
    }
    if (customerId) {
      const [from, to] = await this.repository.customerNames(executor, ids(customerId));
      shown.customer = { from, to };
    }
    if (dealId) {
      const [from, to] = await this.repository.dealNames(executor, ids(dealId));
      shown.deal = { from, to };
    }
    return shown;
  }

  /** Done. Completing a done task changes nothing (two clicks, or two people at once, record it once). */
  async complete(caller: CrmCaller, rawId: string): Promise<Task> {
    return this.setStatus(caller, rawId, 'done');
  }

  async reopen(caller: CrmCaller, rawId: string): Promise<Task> {
    return this.setStatus(caller, rawId, 'open');
  }

  private async setStatus(caller: CrmCaller, rawId: string, status: 'open' | 'done'): Promise<Task> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      if (locked.row.status === status) return;
      const done = status === 'done';
      await this.repository.update(transaction, id, { status, completedAt: done ? new Date() : null, completedBy: done ? caller.user.id : null });
      await this.recordOnCustomer(transaction, caller, locked.row, done ? 'task_completed' : 'task_reopened', { title: { from: null, to: locked.row.title } });
    });
    return this.get(caller, id);
  }

  async trash(caller: CrmCaller, rawId: string): Promise<{ id: string; deletedAt: Date }> {
    const id = recordId(rawId);
    const at = new Date();
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      await this.repository.trash(transaction, id, at, caller.user.id);
      await this.recordOnCustomer(transaction, caller, locked.row, 'task_deleted', { title: { from: null, to: locked.row.title } });
    });
    return { id, deletedAt: at };
  }

  /** Back from the trash; a task that went there with its customer comes back only with it. Already back: a no-op. */
  async restore(caller: CrmCaller, rawId: string): Promise<Task> {
    const id = recordId(rawId);
    await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.repository.lockVisible(transaction, caller.scope, id, 'trashed');
      if (!locked) return;
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      if (locked.row.customerId && !(await this.repository.isCustomerLive(transaction, locked.row.customerId))) raise(accessErrors.NOT_FOUND);
      await this.repository.update(transaction, id, { deletedAt: null, deletedBy: null });
      await this.recordOnCustomer(transaction, caller, locked.row, 'task_restored', { title: { from: null, to: locked.row.title } });
    });
    return this.get(caller, id);
  }

  /**
   * Who may be given a task: sales only themselves; managers their team (their scope); owners and admins anyone. The
   * assignee must be an active member who works on the CRM (a viewer could never complete it).
   */
  private async assigneeFor(caller: CrmCaller, requested: string): Promise<Pick<UserRow, 'id' | 'name'>> {
    if (requested === caller.user.id) return caller.user;
    if (!caller.scope.canWriteAll) raise(taskErrors.ASSIGNEE_NOT_ALLOWED);
    if (caller.scope.ownerIds !== null && !caller.scope.ownerIds.includes(requested)) raise(taskErrors.ASSIGNEE_NOT_ALLOWED);
    const user = await this.deps.identity.users.findInOrg(caller.user.orgId, requested);
    if (user?.status !== 'active' || !hasPermission(user.role, 'crm.write')) raise(taskErrors.INVALID_ASSIGNEE);
    return user;
  }

  /**
   * The customer and deal a task is about, both visible to the caller (anything else is not found). A deal alone
   * brings its customer; a deal of another customer than the one named is not found either.
   */
  private async resolveLinks(executor: Executor, caller: CrmCaller, rawCustomerId: string | null, rawDealId: string | null) {
    let customerId = rawCustomerId === null ? null : recordId(rawCustomerId);
    const dealId = rawDealId === null ? null : recordId(rawDealId);
    if (dealId !== null) {
      const deal = await this.repository.findVisibleDeal(executor, caller.scope, dealId);
      if (!deal || (customerId !== null && deal.customerId !== customerId)) raise(accessErrors.NOT_FOUND);
      customerId = deal.customerId;
    }
    if (customerId !== null && !(await this.repository.lockVisibleCustomer(executor, caller.scope, customerId))) raise(accessErrors.NOT_FOUND);
    return { customerId, dealId };
  }

  /** Tasks about a customer appear on its timeline; the others have no history of their own. */
  private async recordOnCustomer(executor: Executor, caller: CrmCaller, task: Pick<TaskRow, 'id' | 'customerId'>, action: string, changes: FieldChanges | null): Promise<void> {
    if (!task.customerId) return;
    const entry: ChangeEntry = { orgId: caller.user.orgId, recordType: 'task', recordId: task.id, customerId: task.customerId, actorUserId: caller.user.id, action, changes };
    await this.deps.history.record(executor, [entry]);
  }
}
