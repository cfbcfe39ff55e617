import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { mailMessages, smsMessages } from '../src/messaging/messaging.tables.ts';
import { sessions } from '../src/identity/sessions/session.tables.ts';
import type { TestClient } from './app.ts';

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
