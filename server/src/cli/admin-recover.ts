import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { pendingMigrations } from '../db/migration-status.ts';
import { buildApp } from '../http/app.ts';
import { canBreakGlass, issueBreakGlassLink } from '../identity/admin/break-glass.ts';
import { formatTime } from '../identity/recovery/recovery-notices.ts';
import type { MailService } from '../messaging/mail.service.ts';

const DELIVERY_WAIT_MS = 30_000;

function refuse(message: string): number {
  console.error(message);
  return 1;
}

/**
 * The embedded database belongs to one process at a time: opening it while the server runs would corrupt it. A
 * server answering /healthz at the configured port is taken as running on it.
 */
async function serverIsRunning(config: Config): Promise<boolean> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  try {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/healthz`, { signal: AbortSignal.timeout(1500) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Waits until the queued alert mails left through SMTP (the job queue runs in this process meanwhile). */
async function waitForDelivery(mail: MailService, ids: string[]): Promise<number> {
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  for (;;) {
    const messages = await Promise.all(ids.map((id) => mail.getMessage(id)));
    const waiting = messages.filter((message) => message?.status !== 'sent' && message?.status !== 'outbox').length;
    if (waiting === 0 || Date.now() > deadline) return waiting;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * `clientele admin recover --email <owner>`: break-glass recovery when every owner is locked out (see
 * identity/admin/break-glass.ts). Refuses before touching anything when the database is missing, in use by the
 * embedded server, or not migrated — this command never migrates.
 */
export async function recoverOwner(config: Config, args: string[], usage: string): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const email = values.email?.trim().toLowerCase();
  if (!email?.includes('@')) return refuse(usage);
  if (!config.databaseUrl) {
    if (!existsSync(join(config.dataDir, 'PG_VERSION'))) return refuse(`No database in ${config.dataDir} (DATA_DIR). Set DATA_DIR or DATABASE_URL as the server has them.`);
    if (await serverIsRunning(config)) return refuse(`The server is running on this embedded database (port ${config.port}). Stop it first: one process at a time may open ${config.dataDir}.`);
  }
  const database: DatabaseHandle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const pending = await pendingMigrations(database);
    if (pending.length > 0) {
      return refuse(`The database is not migrated (${pending.length} migration(s) pending, e.g. ${pending[0]}). Start the server once or run \`clientele migrate\` first; this command does not migrate.`);
    }
    const { app, context } = await buildApp(config, { database, startJobs: false, logger: false });
    try {
      const deps = context.identity;
      const owner = await deps.users.findByIdentifier(email);
      if (!owner) return refuse(`No account with the e-mail ${email}.`);
      if (owner.role !== 'owner') return refuse(`${email} is not an owner. Only owners are recovered from the server console; admins and members get an assisted recovery link from an owner or admin in Settings → Members.`);
      if (!canBreakGlass(owner)) return refuse(`The owner account ${email} is ${owner.status}; a recovery link cannot open it. Recover another owner, who can then act on this account.`);
      const organization = await deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, owner.orgId) });
      if (!organization) return refuse('No organisation found.');
      // Queued mail needs the job queue; it runs here until the owners' alerts are sent.
      await context.jobs.start();
      const issued = await issueBreakGlassLink(deps, owner, organization);
      const undelivered = deps.mail.transport === 'smtp' ? await waitForDelivery(deps.mail, issued.alertMailIds) : 0;
      const locked = owner.status === 'frozen' || (owner.lockedUntil !== null && owner.lockedUntil > new Date());
      console.log(
        [
          '',
          `Break-glass recovery link for ${owner.name} <${owner.email}> (owner of "${organization.name}").`,
          `Valid until ${formatTime(issued.expiresAt)}, for one use:`,
          '',
          `  ${issued.link}`,
          '',
          'Open it in a browser and choose a new password.',
          ...(locked ? [`The account is ${owner.status === 'frozen' ? 'frozen' : 'locked'}; setting the password lifts that.`] : []),
          ...(issued.secondFactorRequired ? ['The owner still has two-step verification: after choosing the password, sign in with it as usual.'] : []),
          `Every owner was alerted by mail (${issued.alertMailIds.length} message(s)); the audit log records it as break_glass_link_issued.`,
        ].join('\n'),
      );
      if (undelivered > 0) console.error(`${undelivered} alert mail(s) not delivered yet; they stay queued and the server retries them.`);
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
