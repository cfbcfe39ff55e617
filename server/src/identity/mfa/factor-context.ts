import type { FastifyRequest } from 'fastify';
import { actionContext } from '../../http/request-context.ts';
import type { FactorContext } from './two-step.service.ts';

/** The context of a factor change made by this request's session (its lost-device mark included). */
export function factorContext(request: FastifyRequest): FactorContext {
  return { ...actionContext(request), lostFactorRecovery: request.auth?.session.lostFactorRecovery === true };
}
