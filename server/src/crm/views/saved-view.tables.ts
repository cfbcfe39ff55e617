import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * Saved list views: a name for a list's filters, sort and columns. Personal, or shared with the whole organisation by
 * someone who manages other people's records. A view holds no data: opening it runs the list under the opener's own
 * data scope ("owner = me" means whoever opens it).
 */
export const crmSavedViews = pgTable(
  'crm_saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    list: text('list').notNull(),
    name: text('name').notNull(),
    /** The list's address query (`q=…&level=A&sort=name&order=asc`); the web app checks each value when applying it. */
    query: text('query').notNull(),
    columns: text('columns').array().notNull(),
    shared: boolean('shared').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('crm_saved_views_user_list_name_key').on(table.userId, table.list, sql`lower(${table.name})`),
    index('crm_saved_views_org_list_idx').on(table.orgId, table.list),
  ],
);
