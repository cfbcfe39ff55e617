import { z } from 'zod';
import type { ReadQuotaLimits } from './crm/quotas/read-quota.service.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const smsProviders = ['outbox', 'webhook', 'twilio', 'aliyun', 'tencent'] as const;

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
  SMS_TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  SMS_TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  SMS_TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/, 'must be an E.164 number or a Messaging Service SID (MG…)').optional(),
  SMS_ALIYUN_ACCESS_KEY_ID: z.string().min(8).optional(),
  SMS_ALIYUN_ACCESS_KEY_SECRET: z.string().min(8).optional(),
  SMS_ALIYUN_SIGN_NAME: z.string().min(1).max(64).optional(),
  SMS_ALIYUN_TEMPLATE_CODE: z.string().regex(/^SMS_\d+$/, 'must look like SMS_123456789').optional(),
  SMS_ALIYUN_NOTICE_TEMPLATE_CODE: z.string().regex(/^SMS_\d+$/, 'must look like SMS_123456789').optional(),
  SMS_TENCENT_SECRET_ID: z.string().min(8).optional(),
  SMS_TENCENT_SECRET_KEY: z.string().min(8).optional(),
  SMS_TENCENT_SDK_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric SmsSdkAppId').optional(),
  SMS_TENCENT_SIGN_NAME: z.string().min(1).max(64).optional(),
  SMS_TENCENT_TEMPLATE_ID: z.string().regex(/^\d+$/, 'must be a numeric template id').optional(),
  SMS_TENCENT_NOTICE_TEMPLATE_ID: z.string().regex(/^\d+$/, 'must be a numeric template id').optional(),
  SMS_TENCENT_REGION: z.string().regex(/^[a-z]+-[a-z]+$/, 'must be a region such as ap-guangzhou').default('ap-guangzhou'),
  /** Tests only: send provider API requests to a local server instead of the provider's internet endpoint. */
  SMS_PROVIDER_TEST_BASE_URL: z.url({ protocol: /^http$/, hostname: /^(127\.0\.0\.1|localhost)$/ }).optional(),
  LOG_LEVEL: z.enum(logLevels).default('warn'),
  /** How long a sign-in or a re-entered password counts as recent for sensitive changes (minutes, may be fractional). */
  STEP_UP_MINUTES: z.coerce.number().min(0.25, 'must be at least 0.25 (15 seconds)').max(60).default(10),
  /** The most rows one CSV/XLSX export of a CRM list may hold (may be lowered, not raised); larger results are refused. */
  EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(100_000),
  /** The most data rows one CSV/XLSX import may hold; larger files are refused at upload. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Anti-exfiltration quotas (per 15 minutes): CRM records one member, or the whole organisation, may read through the API. */
  CRM_READ_ROWS_PER_MEMBER: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  CRM_READ_ROWS_PER_ORG: z.coerce.number().int().min(100).max(100_000_000).default(200_000),
  /** Searches and duplicate checks one member may run per 15 minutes (the search API as an enumeration oracle). */
  CRM_LOOKUPS_PER_MEMBER: z.coerce.number().int().min(10).max(1_000_000).default(1_500),
  /** Exports one member, or the whole organisation, may start per hour. */
  CRM_EXPORTS_PER_MEMBER: z.coerce.number().int().min(1).max(10_000).default(20),
  CRM_EXPORTS_PER_ORG: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Outgoing webhooks may target loopback/private addresses, over plain http too (tests, an ERP on the LAN). */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** How often each process looks for due webhook deliveries (seconds); 0 turns background delivery off (tests). */
  WEBHOOK_DELIVERY_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
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
  /** Credentials of the selected SMS provider (validated at start-up). */
  sms: SmsProviderConfig;
  logLevel: (typeof logLevels)[number];
  /** Window in which a sign-in or re-authentication counts as recent (step-up for sensitive changes). */
  stepUpMinutes: number;
  /** Upper bound of rows in one CRM export (EXPORT_MAX_ROWS); a larger result is refused with crm.export_too_large. */
  exportMaxRows: number;
  /** Upper bound of data rows in one CRM import file (IMPORT_MAX_ROWS); more is refused with crm.import_too_many_rows. */
  importMaxRows: number;
  /** Anti-exfiltration quotas on CRM reads, searches and exports (CRM_READ_ROWS_PER_MEMBER … CRM_EXPORTS_PER_ORG). */
  readQuotas: ReadQuotaLimits;
  /** WEBHOOKS_ALLOW_PRIVATE: webhook endpoints on loopback/private addresses (and http) are allowed. */
  webhooksAllowPrivate: boolean;
  /** WEBHOOK_DELIVERY_SECONDS: interval of the background delivery run; 0 = off. */
  webhookDeliverySeconds: number;
  /** Hop count or address list for X-Forwarded-For; off unless set, so clients cannot forge their IP. */
  trustProxy: string | number | false;
  /** Keys HMACs (failed-password fingerprints, identifier keys). Generated and stored in the database when unset. */
  secretKey: string | undefined;
  /** Memory database for tests (PGlite without a directory). */
  inMemoryDatabase: boolean;
}

export type SmsProviderConfig =
  | { provider: 'outbox' }
  | { provider: 'webhook'; url: string }
  | { provider: 'twilio'; accountSid: string; authToken: string; from: string; baseUrl: string }
  | { provider: 'aliyun'; accessKeyId: string; accessKeySecret: string; signName: string; templateCode: string; noticeTemplateCode: string | null; baseUrl: string }
  | { provider: 'tencent'; secretId: string; secretKey: string; sdkAppId: string; signName: string; templateId: string; noticeTemplateId: string | null; region: string; baseUrl: string };

export class ConfigError extends Error {}

type Environment = z.infer<typeof environmentSchema>;

function requireVariable(values: Environment, name: keyof Environment): string {
  const value = values[name];
  if (typeof value !== 'string') throw new ConfigError(`Invalid ${name}: required when SMS_PROVIDER=${values.SMS_PROVIDER}`);
  return value;
}

/** The selected provider's settings; a missing credential stops start-up naming the variable. */
function smsProviderConfig(values: Environment): SmsProviderConfig {
  const need = (name: keyof Environment) => requireVariable(values, name);
  const testBase = values.SMS_PROVIDER_TEST_BASE_URL?.replace(/\/+$/, '');
  switch (values.SMS_PROVIDER) {
    case 'outbox':
      return { provider: 'outbox' };
    case 'webhook':
      return { provider: 'webhook', url: need('SMS_WEBHOOK_URL') };
    case 'twilio':
      return { provider: 'twilio', accountSid: need('SMS_TWILIO_ACCOUNT_SID'), authToken: need('SMS_TWILIO_AUTH_TOKEN'), from: need('SMS_TWILIO_FROM'), baseUrl: testBase ?? 'https://api.twilio.com' };
    case 'aliyun':
      return {
        provider: 'aliyun',
        accessKeyId: need('SMS_ALIYUN_ACCESS_KEY_ID'),
        accessKeySecret: need('SMS_ALIYUN_ACCESS_KEY_SECRET'),
        signName: need('SMS_ALIYUN_SIGN_NAME'),
        templateCode: need('SMS_ALIYUN_TEMPLATE_CODE'),
        noticeTemplateCode: values.SMS_ALIYUN_NOTICE_TEMPLATE_CODE ?? null,
        baseUrl: testBase ?? 'https://dysmsapi.aliyuncs.com',
      };
    case 'tencent':
      return {
        provider: 'tencent',
        secretId: need('SMS_TENCENT_SECRET_ID'),
        secretKey: need('SMS_TENCENT_SECRET_KEY'),
        sdkAppId: need('SMS_TENCENT_SDK_APP_ID'),
        signName: need('SMS_TENCENT_SIGN_NAME'),
        templateId: need('SMS_TENCENT_TEMPLATE_ID'),
        noticeTemplateId: values.SMS_TENCENT_NOTICE_TEMPLATE_ID ?? null,
        region: values.SMS_TENCENT_REGION,
        baseUrl: testBase ?? 'https://sms.tencentcloudapi.com',
      };
  }
}

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
  const sms = smsProviderConfig(values);
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
    sms,
    logLevel: values.LOG_LEVEL,
    stepUpMinutes: values.STEP_UP_MINUTES,
    exportMaxRows: values.EXPORT_MAX_ROWS,
    importMaxRows: values.IMPORT_MAX_ROWS,
    readQuotas: {
      rowsPerMember: values.CRM_READ_ROWS_PER_MEMBER,
      rowsPerOrganization: values.CRM_READ_ROWS_PER_ORG,
      lookupsPerMember: values.CRM_LOOKUPS_PER_MEMBER,
      windowMinutes: 15,
      exportsPerMember: values.CRM_EXPORTS_PER_MEMBER,
      exportsPerOrganization: values.CRM_EXPORTS_PER_ORG,
      exportWindowMinutes: 60,
    },
    webhooksAllowPrivate: values.WEBHOOKS_ALLOW_PRIVATE === 'true',
    webhookDeliverySeconds: values.WEBHOOK_DELIVERY_SECONDS,
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
