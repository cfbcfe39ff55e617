import { pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * Finance read access: a member listed here reads every contract and payment of the organisation, whatever their
 * role's data scope, and changes only what the role already lets them change. Granted and revoked by owners and admins
 * (audited); it widens nothing else (customers, deals and contacts keep the role's scope).
 */
export const crmContractReaders = pgTable(
  'crm_contract_readers',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.userId] })],
);
