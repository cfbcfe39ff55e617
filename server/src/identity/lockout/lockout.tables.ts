import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Failed sign-ins, shared by every app process through the database. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id'),
    ip: text('ip').notNull(),
    /** Set when the failing browser is a known device of the account: it has its own budget. */
    deviceId: uuid('device_id'),
    /** Keyed hash of the wrong password so a repeated typo counts once; never the password. Cleared with the row. */
    passwordTag: text('password_tag'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('sign_in_failures_user_idx').on(table.userId, table.createdAt),
    index('sign_in_failures_ip_idx').on(table.ip, table.createdAt),
  ],
);
