import { translate, type Locale } from '../../i18n/i18n.ts';

export type MailTemplate =
  | 'accountLocked'
  | 'passwordChanged'
  | 'passwordChangedWithPasskey'
  | 'passwordExpiring'
  | 'invitation'
  | 'testMail'
  | 'passwordReset'
  | 'passwordResetSecondCode'
  | 'passwordResetDone'
  | 'accountFrozenAdminAlert'
  | 'unlockLink'
  | 'recoveryCode'
  | 'channelAdded'
  | 'channelVerified'
  | 'channelRemoved'
  | 'emailChanged'
  | 'phoneChanged'
  | 'twoStepFactorAdded'
  | 'twoStepFactorPending'
  | 'twoStepFactorRemoved'
  | 'recoveryCodesRegenerated'
  | 'recoveryCodeUsed'
  | 'twoStepLocked'
  | 'adminAction'
  | 'adminActionWithFreeze'
  | 'assistedRecoveryLink'
  | 'approvalRequested'
  | 'twoStepResetScheduled'
  | 'twoStepResetApplied'
  | 'twoStepResetCancelledAdminAlert'
  | 'breakGlassUsed'
  | 'contactConfirm'
  | 'inactivityReminder'
  | 'accountDeactivated'
  | 'poolReturnNotice'
  | 'poolReturned'
  | 'apiTokenCreated'
  | 'crmReadQuotaAlert';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailParams = Record<string, string | number>;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Each template is a subject, paragraphs and an optional button, all from the i18n catalog
 * (`mail.<template>.*`), so zh-CN and en mails share one layout. Params are escaped for HTML.
 */
export function renderMail(template: MailTemplate, locale: Locale, params: MailParams, actionUrl?: string): RenderedMail {
  const key = (name: string) => `mail.${template}.${name}`;
  const subject = translate(locale, key('subject'), params);
  const paragraphs: string[] = [];
  for (let index = 1; index <= 6; index += 1) {
    const text = translate(locale, key(`p${index}`), params);
    if (text === key(`p${index}`)) break;
    paragraphs.push(text);
  }
  // Security mails pass these so a reader can tell them from phishing: the organisation's own phrase (when set) and
  // the only origin genuine links start with.
  if (typeof params.securityPhrase === 'string' && params.securityPhrase.trim() !== '') paragraphs.unshift(translate(locale, 'mail.securityPhrase', params));
  if (typeof params.linkOrigin === 'string' && params.linkOrigin !== '') paragraphs.push(translate(locale, 'mail.linkOrigin', params));
  const buttonLabel = actionUrl ? translate(locale, key('action'), params) : undefined;
  const footer = translate(locale, 'mail.footer', params);

  const textParts = [...paragraphs];
  if (actionUrl && buttonLabel) textParts.push(`${buttonLabel}: ${actionUrl}`);
  textParts.push('--', footer);

  const htmlParagraphs = paragraphs.map((paragraph) => `<p style="margin:0 0 14px;line-height:1.6">${escapeHtml(paragraph)}</p>`).join('');
  const button =
    actionUrl && buttonLabel
      ? `<p style="margin:22px 0"><a href="${escapeHtml(actionUrl)}" style="background:#1677ff;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(buttonLabel)}</a></p><p style="color:#666;font-size:12px;word-break:break-all">${escapeHtml(actionUrl)}</p>`
      : '';
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;color:#1f1f1f;background:#f5f5f5;padding:24px"><div style="max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:28px"><h2 style="margin:0 0 18px;font-size:18px">${escapeHtml(subject)}</h2>${htmlParagraphs}${button}<hr style="border:none;border-top:1px solid #eee;margin:22px 0"><p style="color:#888;font-size:12px">${escapeHtml(footer)}</p></div></body></html>`;
  return { subject, text: textParts.join('\n\n'), html };
}
