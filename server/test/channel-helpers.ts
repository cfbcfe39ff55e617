import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { mailMessages, smsMessages } from '../src/messaging/messaging.tables.ts';
import { sessions } from '../src/identity/sessions/session.tables.ts';
import { buildTestApp, setupOrganization, type TestApp, type TestClient } from './app.ts';

export interface OrganizationApp {
  readonly testApp: TestApp;
  /** The signed-in client of the organisation's owner. */
  readonly owner: TestClient;
  readonly db: Database;
}

/**
 * One app with a set-up organisation for the surrounding `describe`: built before its tests, closed after them.
 * Read the fields inside tests (they throw before the app is built).
 */
export function useOrganizationApp(organization: Parameters<typeof setupOrganization>[1] = {}): OrganizationApp {
  let testApp: TestApp | undefined;
  let owner: TestClient | undefined;
  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp, organization));
  });
  afterAll(async () => {
    await testApp?.close();
  });
  const started = () => {
    if (!testApp || !owner) throw new Error('the organisation app is not built yet');
    return { testApp, owner };
  };
  return {
    get testApp() {
      return started().testApp;
    },
    get owner() {
      return started().owner;
    },
    get db() {
      return started().testApp.context.database.db;
    },
  };
}

/** Makes the client's session look signed in `minutes` ago with no re-authentication since (a "stale" session). */
export async function ageSession(db: Database, client: TestClient, minutes = 11): Promise<void> {
  const me = await client.get('/api/auth/session');
  const sessionId = me.json<{ session: { id: string } }>().session.id;
  await db
    .update(sessions)
    .set({ createdAt: new Date(Date.now() - minutes * 60_000), reauthenticatedAt: null })
    .where(eq(sessions.id, sessionId));
}

/** Newest mail (outbox transport) to an address, optionally of one template. */
export async function latestMail(db: Database, to: string, template?: string) {
  const conditions = [eq(mailMessages.toAddress, to)];
  if (template) conditions.push(eq(mailMessages.template, template));
  const [mail] = await db.select().from(mailMessages).where(and(...conditions)).orderBy(desc(mailMessages.createdAt)).limit(1);
  return mail;
}

export async function mailsTo(db: Database, to: string, template?: string) {
  const conditions = [eq(mailMessages.toAddress, to)];
  if (template) conditions.push(eq(mailMessages.template, template));
  return db.select().from(mailMessages).where(and(...conditions)).orderBy(desc(mailMessages.createdAt));
}

export async function textsTo(db: Database, to: string) {
  return db.select().from(smsMessages).where(eq(smsMessages.toNumber, to)).orderBy(desc(smsMessages.createdAt));
}

/** The 6–8 digit code in a message body. */
export function codeIn(text: string | undefined): string {
  const match = /\b(\d{6,8})\b/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`no code in: ${text}`);
  return match[1];
}

/** The token of a PUBLIC_URL/...#token= link in a message body. */
export function linkTokenIn(text: string | undefined): string {
  const match = /#token=([A-Za-z0-9_-]{43})/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
}
