import type { FastifyInstance } from 'fastify';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics: process defaults, HTTP responses by route and status, and security events by action. */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpResponses: Counter;
  private readonly securityEvents: Counter;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'clientele_' });
    this.httpResponses = new Counter({ name: 'clientele_http_responses_total', help: 'HTTP responses', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.securityEvents = new Counter({ name: 'clientele_security_events_total', help: 'Audit events by action and outcome', labelNames: ['action', 'outcome'], registers: [this.registry] });
  }

  countSecurityEvent(action: string, outcome: string): void {
    this.securityEvents.inc({ action, outcome });
  }

  register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      this.httpResponses.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      return reply.type(this.registry.contentType).send(await this.registry.metrics());
    });
  }
}
