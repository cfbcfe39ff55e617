import { createTransport, type Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

describe('smtp sink', () => {
  let sink: SmtpSink;

  beforeEach(async () => {
    sink = await startSmtpSink();
  });

  afterEach(async () => {
    await sink.close();
  });

  function transport(url = sink.url): Transporter {
    return createTransport(url);
  }

  it('receives and parses a message sent over SMTP', async () => {
    const waiting = sink.waitForMail((mail) => mail.subject === 'Welcome');
    await transport().sendMail({
      from: 'Clientele <no-reply@example.test>',
      to: 'Alice <alice@example.test>, bob@example.test',
      bcc: 'audit@example.test',
      subject: 'Welcome',
      text: 'Hello Alice\nhttp://127.0.0.1/reset?token=abc',
      html: '<p>Hello <b>Alice</b></p>',
      headers: { 'X-Clientele-Template': 'welcome' },
    });
    const mail = await waiting;
    expect(mail.to).toEqual(['alice@example.test', 'bob@example.test']);
    expect(mail.from).toBe('no-reply@example.test');
    expect(mail.text).toContain('token=abc');
    expect(mail.html).toContain('<b>Alice</b>');
    expect(mail.envelope.to).toContain('audit@example.test');
    expect(mail.headers['x-clientele-template']).toBe('welcome');
    expect(sink.messages).toHaveLength(1);
  });

  it('accepts UTF-8 subjects and authenticated clients', async () => {
    const port = new URL(sink.url).port;
    await transport(`smtp://user:secret@127.0.0.1:${port}`).sendMail({
      from: 'no-reply@example.test',
      to: 'li@example.test',
      subject: '重置密码',
      text: '您好',
    });
    const mail = await sink.waitForMail((candidate) => candidate.to.includes('li@example.test'));
    expect(mail.subject).toBe('重置密码');
    expect(mail.text.trim()).toBe('您好');
    expect(mail.authUser).toBe('user');
  });

  it('rejects the next messages with the requested SMTP reply, then accepts again', async () => {
    sink.failNext(2, 451, 'Mailbox busy');
    const message = { from: 'a@example.test', to: 'b@example.test', subject: 'retry', text: 'x' };

    await expect(transport().sendMail(message)).rejects.toMatchObject({ responseCode: 451 });
    await expect(transport().sendMail(message)).rejects.toThrow(/Mailbox busy/);
    expect(sink.messages).toHaveLength(0);

    sink.failNext(1, 550, 'No such user');
    await expect(transport().sendMail(message)).rejects.toMatchObject({ responseCode: 550 });
    expect(sink.rejectedCount).toBe(3);

    await transport().sendMail(message);
    expect(sink.messages.map((mail) => mail.subject)).toEqual(['retry']);
  });

  it('times out with a list of what did arrive', async () => {
    await transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'other', text: 'x' });
    await expect(sink.waitForMail((mail) => mail.subject === 'never', 200)).rejects.toThrow(/subject="other"/);
  });
});
