import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Serves the built web app; unknown page paths get index.html (client routing), never /api or /.well-known. */
export async function registerWebApp(app: FastifyInstance, distDir = webDist): Promise<void> {
  app.get('/.well-known/change-password', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/settings/security', 302));
  const indexPath = `${distDir}/index.html`;
  if (!existsSync(indexPath)) return;
  const indexHtml = readFileSync(indexPath, 'utf8');
  await app.register(fastifyStatic, {
    root: distDir,
    index: false,
    wildcard: false,
    serve: true,
    cacheControl: false,
    // The build writes .br and .gz copies of each asset (web/vite.config.ts): sent to a browser that accepts them, and
    // never routes of their own.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders(response, path) {
      response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Client-side routes (/login, /settings/security…) all load index.html; a real 404 stays a JSON 404.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = !path.startsWith('/api/') && !path.startsWith('/.well-known/') && !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path);
    if (!isPage) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  });
}
