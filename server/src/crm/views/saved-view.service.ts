import { commonErrors, raise } from '../../http/app-error.ts';
import { hasPermission } from '../../identity/roles.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId } from '../access/access.service.ts';
import type { Database } from '../../db/client.ts';
import { savedViewErrors } from './saved-view.errors.ts';
import { SavedViewRepository } from './saved-view.repository.ts';
import { MAX_VIEWS_PER_LIST, type SavedView, type SavedViewCreateInput, type SavedViewList, type SavedViewUpdateInput } from './saved-view.schema.ts';

type ViewListRow = Awaited<ReturnType<SavedViewRepository['visible']>>[number];

/**
 * Saved list views. Everyone who reads the CRM keeps their own; those who manage other people's records
 * (crm.writeAll: managers, admins, owners) may share one with the organisation. Only the author changes or deletes a
 * view; a view someone else owns is not found unless it is shared.
 */
export class SavedViewService {
  private readonly repository: SavedViewRepository;

  constructor(private readonly db: Database) {
    this.repository = new SavedViewRepository(db);
  }

  async list(user: UserRow, list: SavedViewList): Promise<SavedView[]> {
    const rows = await this.repository.visible(user.orgId, user.id, list);
    return rows.map((row) => present(row, user));
  }

  async create(user: UserRow, input: SavedViewCreateInput): Promise<SavedView> {
    if (input.shared) checkMayShare(user);
    const id = await this.db.transaction(async (transaction) => {
      await this.repository.lockOwner(transaction, user.id);
      if ((await this.repository.countOwn(transaction, user.id, input.list)) >= MAX_VIEWS_PER_LIST) raise(savedViewErrors.TOO_MANY, { max: MAX_VIEWS_PER_LIST });
      if (await this.repository.nameTaken(transaction, user.id, input.list, input.name, null)) raise(savedViewErrors.NAME_TAKEN);
      const row = await this.repository.insert(transaction, { orgId: user.orgId, userId: user.id, list: input.list, name: input.name, query: input.query, columns: input.columns, shared: input.shared });
      return row.id;
    });
    return this.get(user, id);
  }

  async update(user: UserRow, rawId: string, input: SavedViewUpdateInput): Promise<SavedView> {
    const id = recordId(rawId);
    if (input.shared === true) checkMayShare(user);
    await this.db.transaction(async (transaction) => {
      await this.repository.lockOwner(transaction, user.id);
      const view = await this.repository.lockOwn(transaction, user.orgId, user.id, id);
      if (!view) raise(accessErrors.NOT_FOUND);
      if (input.name !== undefined && (await this.repository.nameTaken(transaction, user.id, view.list, input.name, view.id))) raise(savedViewErrors.NAME_TAKEN);
      await this.repository.update(transaction, id, input);
    });
    return this.get(user, id);
  }

  async remove(user: UserRow, rawId: string): Promise<void> {
    if (!(await this.repository.remove(user.orgId, user.id, recordId(rawId)))) raise(accessErrors.NOT_FOUND);
  }

  private async get(user: UserRow, id: string): Promise<SavedView> {
    const row = await this.repository.findVisible(user.orgId, user.id, id);
    if (!row) raise(accessErrors.NOT_FOUND);
    return present(row, user);
  }
}

function checkMayShare(user: UserRow): void {
  if (!hasPermission(user.role, 'crm.writeAll')) raise(commonErrors.FORBIDDEN);
}

function present(row: ViewListRow, user: UserRow): SavedView {
  const { userId, list, ...view } = row;
  return { ...view, list: list as SavedViewList, mine: userId === user.id };
}
