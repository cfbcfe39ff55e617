import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import { isLocale, localeFromAcceptLanguage, type Locale } from '../i18n/i18n.ts';
import { hasPermission, type Permission } from '../identity/roles.ts';
import type { ClientInfo, ResolvedSession, SessionService } from '../identity/sessions/session.service.ts';
import type { ApiTokenService, ResolvedApiToken } from '../identity/api-tokens/api-token.service.ts';
import { commonErrors, raise } from './app-error.ts';
import { isPasswordExpired } from '../identity/me.ts';
import { loginErrors } from '../identity/login/login.errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    client: ClientInfo;
    auth: ResolvedSession | null;
    /**
     * A personal API token (`Authorization: Bearer clt_…`). Only the CRM's access checks accept it; `auth` stays null,
     * so every other route (account, admin, settings, token management) answers 401 to a token.
     */
    apiToken: ResolvedApiToken | null;
  }
}

export interface CookieNames {
  session: string;
  device: string;
  /** "Trust this browser" (MF-14): skips the second sign-in step after the right password, never the password. */
  trustedBrowser: string;
}

/** `__Host-` binds the cookie to this exact origin; browsers accept it only with Secure, so only over https. */
export function cookieNames(config: Config): CookieNames {
  return config.isHttps
    ? { session: '__Host-clientele_session', device: '__Host-clientele_device', trustedBrowser: '__Host-clientele_trust' }
    : { session: 'clientele_session', device: 'clientele_device', trustedBrowser: 'clientele_trust' };
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, session: { remember: boolean; absoluteExpiresAt: Date }): void {
  void reply.setCookie(cookieNames(config).session, token, {
    httpOnly: true,
    secure: config.isHttps,
    sameSite: 'lax',
    path: '/',
    // A kept session survives a browser restart until its absolute expiry; others end with the browser.
    ...(session.remember ? { expires: session.absoluteExpiresAt } : {}),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(cookieNames(config).session, { path: '/', httpOnly: true, secure: config.isHttps, sameSite: 'lax' });
}

export function setDeviceCookie(reply: FastifyReply, config: Config, token: string): void {
  void reply.setCookie(cookieNames(config).device, token, {
    httpOnly: true,
    secure: config.isHttps,
    sameSite: 'lax',
    path: '/',
    maxAge: 400 * 86_400,
  });
}

/** Lives exactly as long as the trust recorded on the server; the value is an opaque token stored there as SHA-256. */
export function setTrustedBrowserCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  void reply.setCookie(cookieNames(config).trustedBrowser, token, {
    httpOnly: true,
    secure: config.isHttps,
    sameSite: 'lax',
    path: '/',
    // Rounded up: the server's expiry decides, the cookie only has to last at least as long.
    maxAge: Math.max(0, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)),
  });
}

export function clearTrustedBrowserCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(cookieNames(config).trustedBrowser, { path: '/', httpOnly: true, secure: config.isHttps, sameSite: 'lax' });
}

export function auditContext(request: FastifyRequest): AuditContext {
  return {
    ip: request.client.ip,
    userAgent: request.client.userAgent,
    requestId: request.id,
    sessionHash: request.auth?.session.id ?? null,
  };
}

/** The audit context plus the client and language: what a service needs to record an action and tell the user. */
export type ActionContext = AuditContext & { client: ClientInfo; locale: Locale };

export function actionContext(request: FastifyRequest): ActionContext {
  return { ...auditContext(request), client: request.client, locale: request.locale };
}

/** The value after `Bearer ` (any case, as RFC 6750 allows), or '' for any other Authorization scheme. */
function bearerValue(authorization: string): string {
  const match = /^bearer +(.*)$/is.exec(authorization);
  return match?.[1]?.trim() ?? '';
}

/**
 * Resolves locale, client and session (or API token) for every request; enforces expiry and rotates the session token
 * after a role change.
 */
export function registerRequestContext(app: FastifyInstance, config: Config, sessions: SessionService, audit: AuditService, apiTokens: ApiTokenService): void {
  const names = cookieNames(config);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('client', null as unknown as ClientInfo);
  app.decorateRequest('auth', null);
  app.decorateRequest('apiToken', null);
  app.addHook('onRequest', async (request, reply) => {
    request.client = { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 512) ?? null };
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'en';
    const authorization = request.headers.authorization;
    if (authorization !== undefined && request.url.startsWith('/api/')) {
      // An Authorization header makes this an API call: a session cookie sent along is ignored, never combined, so a
      // token cannot borrow a browser's session (nor the reverse) and a wrong token is a 401, not a fallback.
      request.apiToken = await apiTokens.resolve(bearerValue(authorization), request.client);
      if (request.apiToken && isLocale(request.apiToken.user.locale) && !request.headers['accept-language']) request.locale = request.apiToken.user.locale;
      return;
    }
    const token = request.cookies[names.session];
    if (!token || !request.url.startsWith('/api/')) return;
    const resolved = await sessions.resolve(token);
    if (!resolved) return;
    if ('ended' in resolved) {
      clearSessionCookie(reply, config);
      await audit.record({ action: 'session_expired', targetUserId: resolved.session.userId, details: { reason: resolved.ended } }, { ip: request.client.ip, userAgent: request.client.userAgent, requestId: request.id, sessionHash: resolved.session.id });
      return;
    }
    request.auth = resolved;
    if (isLocale(resolved.user.locale) && !request.headers['accept-language']) request.locale = resolved.user.locale;
    if (resolved.rotatedToken) setSessionCookie(reply, config, resolved.rotatedToken, resolved.session);
  });
}

/**
 * The signed-in session, or 401. When the org's maximum password age has passed, only the routes that let the user
 * change it stay open (403 password_change_required elsewhere).
 */
export function requireAuth(request: FastifyRequest, options: { allowExpiredPassword?: boolean } = {}): ResolvedSession {
  if (!request.auth) raise(commonErrors.UNAUTHENTICATED);
  if (!options.allowExpiredPassword && isPasswordExpired(request.auth.user, request.auth.organization)) raise(loginErrors.PASSWORD_CHANGE_REQUIRED);
  return request.auth;
}

export function requirePermission(request: FastifyRequest, permission: Permission): ResolvedSession {
  const auth = requireAuth(request);
  if (!hasPermission(auth.user.role, permission)) raise(commonErrors.FORBIDDEN);
  return auth;
}
