import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Serves the built web app; unknown page paths get index.html (client routing), never /api or /.well-known. */
export async function registerWebApp(app: FastifyInstance): Promise<((request: FastifyRequest, reply: FastifyReply) => FastifyReply) | undefined> {
  app.get('/.well-known/change-password', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/settings/security', 302));
  const indexPath = `${webDist}/index.html`;
  if (!existsSync(indexPath)) return undefined;
  const indexHtml = readFileSync(indexPath, 'utf8');
  await app.register(fastifyStatic, { root: webDist, index: false, wildcard: false, serve: true, cacheControl: false,
    setHeaders(response, path) {
      response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/.well-known/') && !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path);
    if (!isPage) return reply;
    return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  };
}
