import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/client.ts';

export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await database.ping();
      const { rows } = await database.executeSql('select count(*)::int as applied from drizzle.__drizzle_migrations', []);
      const applied = (rows[0] as { applied?: number } | undefined)?.applied ?? 0;
      if (applied < 1) return await reply.status(503).send({ status: 'migrations_pending' });
      return { status: 'ready', database: database.kind, migrations: applied };
    } catch {
      return reply.status(503).send({ status: 'database_unreachable' });
    }
  });
}
