import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { contractColumns, editableRecords, transferableRecords, visibleRecords, type CrmScope } from '../access/access.service.ts';
import type { TimelineRecordScope } from '../history/history.service.ts';
import { crmContractReaders } from './contract-reader.tables.ts';
import { crmContracts } from './contract.tables.ts';

/** Whether the scope's user holds finance read access in its organisation (evaluated once per query). */
function isFinanceReader(scope: CrmScope): SQL {
  return sql`exists (select 1 from ${crmContractReaders} where ${crmContractReaders.orgId} = ${scope.orgId} and ${crmContractReaders.userId} = ${scope.userId})`;
}

/**
 * Contracts the scope may see: the role's data scope on the contract's own owner, widened to the whole organisation
 * for a finance reader. Reading only: what a reader may change is still decided by `editableContracts`.
 */
export function visibleContracts(scope: CrmScope): SQL {
  const byRole = visibleRecords(scope, contractColumns);
  if (scope.ownerIds === null) return byRole;
  return or(byRole, and(eq(crmContracts.orgId, scope.orgId), isFinanceReader(scope))) as SQL;
}

export function editableContracts(scope: CrmScope): SQL {
  return editableRecords(scope, contractColumns);
}

export function transferableContracts(scope: CrmScope): SQL {
  return transferableRecords(scope, contractColumns);
}

/** Contract rows (and payments, which are written as contract rows) on a customer's timeline follow the contract's scope. */
export const contractTimelineScope: TimelineRecordScope = {
  recordType: 'contract',
  visibleIds: (scope) => sql`(select ${crmContracts.id} from ${crmContracts} where ${visibleContracts(scope)})`,
};
