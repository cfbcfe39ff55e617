import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../identity/users/user.tables.ts';
import { contractColumns, customerColumns, dealColumns, transferableRecords, visibleRecords, type CrmScope, type OwnedRecordColumns, type RecordType } from '../access/access.service.ts';
import { crmRecordShares } from '../access/access.tables.ts';
import { transferableContracts, visibleContracts } from '../contracts/contract-scope.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { leadColumns } from '../leads/lead.repository.ts';
import { crmLeads } from '../leads/lead.tables.ts';
import type { Executor } from '../shared/database.ts';
import type { ShareableKind } from './sharing.schema.ts';

/** How one shareable record kind is found and scoped. */
interface KindTable {
  columns: OwnedRecordColumns;
  table: typeof crmCustomers | typeof crmDeals | typeof crmContracts | typeof crmLeads;
  deletedAt: AnyPgColumn;
  /** What the history row is filed under on the customer's timeline (leads have none). */
  customerId: SQL<string | null>;
  label: SQL<string>;
  visible(scope: CrmScope): SQL;
  transferable(scope: CrmScope): SQL;
}

const kinds: Record<ShareableKind, KindTable> = {
  customers: {
    columns: customerColumns,
    table: crmCustomers,
    deletedAt: crmCustomers.deletedAt,
    customerId: sql<string>`${crmCustomers.id}`,
    label: sql<string>`${crmCustomers.name}`,
    visible: (scope) => visibleRecords(scope, customerColumns),
    transferable: (scope) => transferableRecords(scope, customerColumns),
  },
  deals: {
    columns: dealColumns,
    table: crmDeals,
    deletedAt: crmDeals.deletedAt,
    customerId: sql<string>`${crmDeals.customerId}`,
    label: sql<string>`${crmDeals.name}`,
    visible: (scope) => visibleRecords(scope, dealColumns),
    transferable: (scope) => transferableRecords(scope, dealColumns),
  },
  contracts: {
    columns: contractColumns,
    table: crmContracts,
    deletedAt: crmContracts.deletedAt,
    customerId: sql<string>`${crmContracts.customerId}`,
    label: sql<string>`${crmContracts.number}`,
    visible: visibleContracts,
    transferable: transferableContracts,
  },
  leads: {
    columns: leadColumns,
    table: crmLeads,
    deletedAt: crmLeads.deletedAt,
    customerId: sql<string | null>`null::uuid`,
    label: sql<string>`${crmLeads.name}`,
    visible: (scope) => visibleRecords(scope, leadColumns),
    transferable: (scope) => transferableRecords(scope, leadColumns),
  },
};

export function recordTypeOf(kind: ShareableKind): RecordType {
  return kinds[kind].columns.recordType;
}

export interface ShareTarget {
  id: string;
  recordType: RecordType;
  ownerUserId: string | null;
  customerId: string | null;
  label: string;
  canShare: boolean;
}

const sharer = alias(users, 'sharer');

/** The only place that reads and writes crm_record_shares (the scope SQL in access.service reads it too). */
export class SharingRepository {
  /** A live record the scope sees, locked when `lock`; whether the scope may share it rides along. */
  async findVisible(executor: Executor, scope: CrmScope, kind: ShareableKind, id: string, lock: boolean): Promise<ShareTarget | undefined> {
    const spec = kinds[kind];
    const query = executor
      .select({
        id: sql<string>`${spec.columns.id}`,
        ownerUserId: sql<string | null>`${spec.columns.ownerUserId}`,
        customerId: spec.customerId,
        label: spec.label,
        canShare: sql<boolean>`coalesce(${spec.transferable(scope)}, false)`,
      })
      .from(spec.table)
      .where(and(eq(spec.columns.id, id), isNull(spec.deletedAt), spec.visible(scope)));
    const [row] = lock ? await query.for('update') : await query;
    return row ? { ...row, recordType: spec.columns.recordType } : undefined;
  }

  async list(executor: Executor, recordType: RecordType, recordId: string) {
    return executor
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        sharedAt: crmRecordShares.createdAt,
        sharerId: sharer.id,
        sharerName: sharer.name,
      })
      .from(crmRecordShares)
      .innerJoin(users, eq(users.id, crmRecordShares.userId))
      .leftJoin(sharer, eq(sharer.id, crmRecordShares.sharedBy))
      .where(and(eq(crmRecordShares.recordType, recordType), eq(crmRecordShares.recordId, recordId)))
      .orderBy(asc(crmRecordShares.createdAt), asc(users.name));
  }

  /** A member of the organisation in any state (a deactivated member's share can still be removed). */
  async member(executor: Executor, orgId: string, id: string) {
    const [row] = await executor.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
    return row;
  }

  /** Active members whose role is scoped (managers, sales): the ones a share gives something to. */
  async candidates(executor: Executor, orgId: string, roles: readonly string[]) {
    return executor
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.status, 'active'), inArray(users.role, [...roles])))
      .orderBy(asc(users.name));
  }

  /** Active members of the organisation among `ids`. */
  async activeMembers(executor: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return executor
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids), eq(users.status, 'active')));
  }

  /** Adds the shares; concurrent duplicates are dropped by the primary key. Returns the members actually added. */
  async add(executor: Executor, orgId: string, recordType: RecordType, recordId: string, userIds: string[], sharedBy: string): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await executor
      .insert(crmRecordShares)
      .values(userIds.map((userId) => ({ orgId, recordType, recordId, userId, sharedBy })))
      .onConflictDoNothing()
      .returning({ userId: crmRecordShares.userId });
    return rows.map((row) => row.userId);
  }

  async remove(executor: Executor, recordType: RecordType, recordId: string, userId: string): Promise<boolean> {
    const rows = await executor
      .delete(crmRecordShares)
      .where(and(eq(crmRecordShares.recordType, recordType), eq(crmRecordShares.recordId, recordId), eq(crmRecordShares.userId, userId)))
      .returning({ userId: crmRecordShares.userId });
    return rows.length > 0;
  }

  /** Every share the member holds in the organisation goes (offboarding). Returns how many. */
  async removeAllFor(executor: Executor, orgId: string, userId: string): Promise<number> {
    const rows = await executor
      .delete(crmRecordShares)
      .where(and(eq(crmRecordShares.orgId, orgId), eq(crmRecordShares.userId, userId)))
      .returning({ userId: crmRecordShares.userId });
    return rows.length;
  }
}
