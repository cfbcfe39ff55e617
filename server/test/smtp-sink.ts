import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the sink received and parsed it. */
export interface ReceivedMail {
  /** Addresses from the To header (bare e-mail addresses); the envelope recipients when there is no To header. */
  to: string[];
  /** Bare e-mail address from the From header (envelope sender when absent). */
  from: string;
  subject: string;
  /** Plain-text body ('' when the message has none). */
  text: string;
  /** HTML body ('' when the message has none). */
  html: string;
  /** SMTP envelope, which also shows Bcc recipients. */
  envelope: { from: string; to: string[] };
  /** Header lines keyed by lower-case name; repeated headers are joined with ', '. */
  headers: Record<string, string>;
  /** The message source as sent. */
  raw: string;
  /** SMTP AUTH user name when the client authenticated. */
  authUser: string | undefined;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT */
  url: string;
  /** Accepted messages, oldest first. Rejected messages (see failNext) are not in here. */
  messages: ReceivedMail[];
  /** How many messages were rejected because of failNext. */
  readonly rejectedCount: number;
  /** Resolves with the first message (already received or still to come) that matches. */
  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Rejects the next `count` messages at the end of DATA with the given SMTP reply (4xx temporary, 5xx permanent). */
  failNext(count: number, code?: number, message?: string): void;
  /** Forgets every received message. */
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: ReceivedMail) => boolean;
  resolve: (mail: ReceivedMail) => void;
}

interface Failure {
  code: number;
  message: string;
}

class SmtpReplyError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function bareAddresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) {
    return [];
  }
  const objects = Array.isArray(field) ? field : [field];
  const addresses: string[] = [];
  const collect = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group !== undefined) {
        collect(entry.group);
      } else if (entry.address !== undefined && entry.address !== '') {
        addresses.push(entry.address);
      }
    }
  };
  for (const object of objects) {
    collect(object.value);
  }
  return addresses;
}

function envelopeAddress(address: SMTPServerAddress | false): string {
  return address === false ? '' : address.address;
}

function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    });
    stream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', reject);
  });
}

function describeMail(mail: ReceivedMail): string {
  return `  to=${mail.to.join(',')} subject=${JSON.stringify(mail.subject)}`;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const pendingFailures: Failure[] = [];
  let rejectedCount = 0;

  const deliver = (mail: ReceivedMail): void => {
    messages.push(mail);
    for (const waiter of waiters) {
      if (waiter.predicate(mail)) {
        waiters.delete(waiter);
        waiter.resolve(mail);
      }
    }
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    // Accept AUTH over plain TCP so SMTP_URL may carry user:pass in tests; every credential is accepted.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Clientele test SMTP sink',
    size: 25 * 1024 * 1024,
    // close() must not wait 30 s for a pooled client that keeps its connection open.
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      // The stream must be read to its end even when the message is refused.
      readStream(stream)
        .then(async (raw) => {
          const failure = pendingFailures.shift();
          if (failure !== undefined) {
            rejectedCount += 1;
            callback(new SmtpReplyError(failure.message, failure.code));
            return;
          }
          const parsed = await simpleParser(raw);
          const envelope = {
            from: envelopeAddress(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
          };
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            const separator = line.line.indexOf(':');
            const value = separator === -1 ? '' : line.line.slice(separator + 1).trim();
            const existing = headers[line.key];
            headers[line.key] = existing === undefined ? value : `${existing}, ${value}`;
          }
          const to = bareAddresses(parsed.to);
          const from = bareAddresses(parsed.from)[0];
          deliver({
            to: to.length > 0 ? to : envelope.to,
            from: from ?? envelope.from,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            envelope,
            headers,
            raw: raw.toString('utf8'),
            authUser: typeof session.user === 'string' ? session.user : undefined,
          });
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  // Connection-level errors (a client hanging up mid-message) must not crash the test process.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get rejectedCount() {
      return rejectedCount;
    },
    waitForMail(predicate, timeoutMs = 10_000) {
      const existing = messages.find(predicate);
      if (existing !== undefined) {
        return Promise.resolve(existing);
      }
      return new Promise<ReceivedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const received = messages.length === 0 ? '  (none)' : messages.map(describeMail).join('\n');
          reject(new Error(`No matching mail within ${timeoutMs} ms. Received:\n${received}`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        waiters.add(waiter);
      });
    },
    failNext(count, code = 451, message = 'Temporary failure, try again later') {
      if (!Number.isInteger(count) || count < 0) {
        throw new Error(`failNext: count must be a non-negative integer, got ${count}`);
      }
      if (code < 400 || code > 599) {
        throw new Error(`failNext: code must be a 4xx or 5xx SMTP reply code, got ${code}`);
      }
      for (let index = 0; index < count; index += 1) {
        pendingFailures.push({ code, message });
      }
    },
    clear() {
      messages.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
