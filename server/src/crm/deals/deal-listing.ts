import { raise } from '../../http/app-error.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller, type CrmScope } from '../access/access.service.ts';
import { decodeCursor, encodeCursor, trashPageOf } from '../shared/keyset.ts';
import { DealRepository, dealSortKeys, dealTrashSortKey, type DealFilters } from './deal.repository.ts';
import type { Deal, DealBoardQuery, DealListQuery, DealSort } from './deal.schema.ts';
import type { PipelineService } from './pipeline.service.ts';
import type { Stage, StageKind } from './pipeline.schema.ts';

type DealView = NonNullable<Awaited<ReturnType<DealRepository['findVisible']>>>;

export function toDeal(row: DealView, scope: CrmScope): Deal {
  return { ...row, canEdit: row.canEdit === true, canDelete: scope.canDelete, sharedWithMe: row.sharedWithMe === true };
}

function sortValue(row: DealView, sort: DealSort): Date | string | null {
  return { updatedAt: row.updatedAt, amount: row.amount, expectedCloseDate: row.expectedCloseDate, name: row.name }[sort];
}

/** The filters of the list and the board, as the repository takes them ("me" and the customer id resolved). */
function filtersOf(caller: CrmCaller, query: DealBoardQuery | DealListQuery): DealFilters {
  return {
    search: query.q || undefined,
    stageId: query.stageId?.toLowerCase(),
    ownerId: query.ownerId === 'me' ? caller.user.id : query.ownerId?.toLowerCase(),
    // A malformed customer id names no customer: 404, as everywhere else.
    customerId: query.customerId === undefined || query.customerId === '' ? undefined : recordId(query.customerId),
    status: query.status,
    closeFrom: query.closeFrom,
    closeTo: query.closeTo,
    amountMin: query.amountMin,
    amountMax: query.amountMax,
  };
}

/** Reading deals: the list with keyset paging and sums, the board with its columns, one deal, the trash. */
export class DealListing {
  constructor(
    private readonly repository: DealRepository,
    private readonly pipeline: PipelineService,
  ) {}

  async list(caller: CrmCaller, query: DealListQuery) {
    const key = dealSortKeys[query.sort];
    const position = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order, key);
    const filters = filtersOf(caller, query);
    // The count and sums are a second pass over the same rows: done for the first page only, where they are shown, on
    // a second connection while the page is read.
    const [rows, sums] = await Promise.all([
      this.repository.page(caller.scope, filters, query.sort, query.order, position, query.limit),
      position ? null : this.repository.statusSums(caller.scope, filters),
    ]);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => toDeal(row, caller.scope)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last, query.sort), last.id) : null,
      total: sums ? sums.reduce((total, sum) => total + sum.count, 0) : null,
      sums,
    };
  }

  /**
   * The board: one column per live stage with its count, its amount per currency and its first cards; a column's
   * next cards come from the list (stageId, same filters and sort, the column's cursor).
   */
  async board(caller: CrmCaller, query: DealBoardQuery) {
    const filters = filtersOf(caller, query);
    const stages = await this.pipeline.stages(caller.user.orgId);
    const sums = await this.repository.stageSums(caller.scope, filters);
    const columns = [];
    for (const stage of stages) {
      const excluded = (filters.stageId !== undefined && filters.stageId !== stage.id) || (filters.status !== undefined && filters.status !== stage.kind);
      const rows = excluded ? [] : await this.repository.page(caller.scope, { ...filters, stageId: stage.id }, query.sort, query.order, null, query.limit);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const stageSums = sums.filter((sum) => sum.stageId === stage.id);
      columns.push({
        stage: { id: stage.id, key: stage.key, name: stage.name, kind: stage.kind as StageKind, probability: stage.probability, position: stage.position } satisfies Stage,
        count: stageSums.reduce((total, sum) => total + sum.count, 0),
        totals: stageSums.map((sum) => ({ currency: sum.currency, amount: sum.amount })),
        items: items.map((row) => toDeal(row, caller.scope)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, sortValue(last, query.sort), last.id) : null,
      });
    }
    return { columns };
  }

  async get(caller: CrmCaller, rawId: string): Promise<Deal> {
    const row = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!row) raise(accessErrors.NOT_FOUND);
    return toDeal(row, caller.scope);
  }

  trashPage(caller: CrmCaller, cursor: string | undefined, limit: number) {
    return trashPageOf(cursor, limit, dealTrashSortKey, (position, size) => this.repository.trashPage(caller.scope, position, size));
  }
}
