import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { buildApp } from '../http/app.ts';
import { translate } from '../i18n/i18n.ts';
import { assessPassword } from '../identity/passwords/password-policy.ts';
import { SetupService } from '../identity/setup/setup.service.ts';
import { isRole } from '../identity/roles.ts';
import { organizations } from '../identity/orgs/org.tables.ts';
import { users } from '../identity/users/user.tables.ts';
import { recoverOwner } from './admin-recover.ts';
import { promptSecret } from './prompt.ts';

const usage = `Usage:
  clientele admin create --email <e-mail> --name <name> [--org <organisation>] [--role owner|admin] [--phone <+86…>]
      Creates the organisation and its owner on an empty database, or another owner/admin later.
      The password is asked for on the terminal (or read from standard input), never taken as an argument.
  clientele admin recover --email <owner e-mail>
      Break-glass recovery when every owner is locked out: prints a one-time link (1 hour) with which the owner
      chooses a new password. Every owner is alerted by mail and the audit log records it. Owners only.
      With the embedded database, stop the server first.
  clientele audit verify     Checks the audit log's hash chain.
  clientele migrate          Applies database migrations.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function run(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  const config = loadConfig();
  if (group === 'migrate') {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await database.migrate();
    await database.close();
    console.log('Migrations applied.');
    return 0;
  }
  if (group === 'audit' && command === 'verify') {
    const { app, context } = await buildApp(config, { startJobs: false, logger: false });
    const result = await context.identity.audit.verifyChain();
    await app.close();
    if (result.ok) console.log(`Audit log intact: ${result.checked} events verified.`);
    else console.error(`Audit log BROKEN at event #${result.brokenAtId} (after ${result.checked} intact events).`);
    return result.ok ? 0 : 2;
  }
  if (group === 'admin' && command === 'recover') return recoverOwner(config, rest, usage);
  if (group === 'admin' && command === 'create') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' }, phone: { type: 'string' }, password: { type: 'string' } }, strict: true });
    if (values.password !== undefined) fail('Refusing --password: a password on the command line leaks into shell history. Omit it to be prompted.');
    if (!values.email || !values.name) fail(usage);
    const { app, context } = await buildApp(config, { logger: false });
    try {
      const setup = new SetupService(context.identity);
      const password = await promptSecret('Password: ');
      const cliContext = { ip: 'console', userAgent: 'clientele-cli', via: 'cli' as const };
      if (await setup.needsSetup()) {
        if (!values.org) fail('The database is empty: give the organisation name with --org.');
        if ((await promptSecret('Repeat password: ')) !== password && process.stdin.isTTY) fail('The passwords do not match.');
        const { owner, organization } = await setup.createOrganization({ orgName: values.org, name: values.name, email: values.email, password, locale: 'en', phone: values.phone }, cliContext);
        console.log(`Created organisation "${organization.name}" and its owner ${owner.email}. Sign in at ${config.publicUrl.href}`);
        return 0;
      }
      const role = values.role ?? 'owner';
      if (!isRole(role) || (role !== 'owner' && role !== 'admin')) fail('--role must be owner or admin.');
      const [organization] = await context.database.db.select().from(organizations).limit(1);
      if (!organization) fail('No organisation found.');
      const email = values.email.trim().toLowerCase();
      const [existing] = await context.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) fail(`${email} is already a member.`);
      const assessment = assessPassword(password, organization.securityPolicy, { name: values.name, email, orgName: organization.name });
      if (!assessment.valid) fail(`Password rejected: ${assessment.problems.map((problem) => translate('en', `errors.password_rejected`) + ` (${problem.code})`).join('; ')}`);
      const [created] = await context.database.db
        .insert(users)
        .values({ orgId: organization.id, email, name: values.name, role, status: 'active', passwordHash: await context.identity.hasher.hash(password), passwordChangedAt: new Date() })
        .returning();
      await context.identity.audit.record({ action: 'member_created', orgId: organization.id, actorLabel: 'server console', targetUserId: created?.id ?? null, targetLabel: email, details: { role, via: 'cli' } }, { ip: 'console', userAgent: 'clientele-cli' });
      console.log(`Created ${role} ${email} in "${organization.name}".`);
      return 0;
    } finally {
      await app.close();
    }
  }
  console.log(usage);
  return group === undefined || group === 'help' || group === '--help' ? 0 : 1;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) fail(`clientele: ${error.message}`);
    const code = (error as { code?: string }).code;
    fail(`clientele: ${code ? `${code} ` : ''}${error instanceof Error ? error.message : String(error)}`);
  },
);
