import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { raise, commonErrors } from './app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated state changes must come from our own pages: `Origin` equal to PUBLIC_URL's origin or
 * `Sec-Fetch-Site: same-origin`. This also covers sign-in (login CSRF). Bearer-token API calls carry no cookies.
 */
export function registerCsrfProtection(app: FastifyInstance, config: Config): void {
  const allowedOrigin = config.publicUrl.origin;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    if (request.url.startsWith('/api/csp-reports')) return;
    // A bearer call authenticates by its header alone (request-context ignores cookies when one is sent), and a page
    // on another site cannot add that header without a CORS preflight we never grant.
    const authorization = request.headers.authorization;
    if (authorization !== undefined && /^bearer /i.test(authorization) && !request.headers.cookie) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    if (origin !== undefined) {
      if (origin === allowedOrigin) return;
    } else if (fetchSite === 'same-origin') {
      return;
    }
    request.log.warn({ origin, fetchSite, url: request.url }, 'csrf_rejected');
    raise(commonErrors.CSRF_REJECTED);
  });
}
