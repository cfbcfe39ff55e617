export * from './system.tables.ts';
export * from '../identity/orgs/org.tables.ts';
export * from '../identity/users/user.tables.ts';
export * from '../identity/sessions/session.tables.ts';
export * from '../identity/lockout/lockout.tables.ts';
export * from '../identity/tokens/token.tables.ts';
export * from '../messaging/messaging.tables.ts';
export * from '../audit/audit.tables.ts';
