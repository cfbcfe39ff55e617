import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const smsProviders = ['outbox', 'webhook'] as const;

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Clientele <no-reply@localhost>'),
  SMS_PROVIDER: z.enum(smsProviders).default('outbox'),
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(logLevels).default('warn'),
  TRUST_PROXY: z.string().optional(),
  SECRET_KEY: z.string().min(32).optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: URL;
  isHttps: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsProvider: (typeof smsProviders)[number];
  smsWebhookUrl: string | undefined;
  logLevel: (typeof logLevels)[number];
  /** Hop count or address list for X-Forwarded-For; off unless set, so clients cannot forge their IP. */
  trustProxy: string | number | false;
  /** Keys HMACs (failed-password fingerprints, identifier keys). Generated and stored in the database when unset. */
  secretKey: string | undefined;
  /** Memory database for tests (PGlite without a directory). */
  inMemoryDatabase: boolean;
}

export class ConfigError extends Error {}

/** Environment → typed config. Throws ConfigError with one line naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid ${variable}: ${issue?.message ?? 'bad value'}`);
  }
  const values = parsed.data;
  if (values.SMS_PROVIDER === 'webhook' && !values.SMS_WEBHOOK_URL) {
    throw new ConfigError('Invalid SMS_WEBHOOK_URL: required when SMS_PROVIDER=webhook');
  }
  const publicUrl = new URL(values.PUBLIC_URL ?? `http://localhost:${values.PORT}`);
  publicUrl.pathname = publicUrl.pathname.replace(/\/+$/, '') || '/';
  const trustProxy = values.TRUST_PROXY === undefined ? false : /^\d+$/.test(values.TRUST_PROXY) ? Number(values.TRUST_PROXY) : values.TRUST_PROXY;
  return {
    port: values.PORT,
    host: values.HOST,
    publicUrl,
    isHttps: publicUrl.protocol === 'https:',
    dataDir: values.DATA_DIR,
    databaseUrl: values.DATABASE_URL,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    smsProvider: values.SMS_PROVIDER,
    smsWebhookUrl: values.SMS_WEBHOOK_URL,
    logLevel: values.LOG_LEVEL,
    trustProxy,
    secretKey: values.SECRET_KEY,
    inMemoryDatabase: false,
  };
}

/** Builds an absolute link from PUBLIC_URL only, never from a request's Host header. */
export function publicLink(config: Config, path: string): string {
  const base = config.publicUrl.href.replace(/\/$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
