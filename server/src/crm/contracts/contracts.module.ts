import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { ContractLifecycleService } from './contract-lifecycle.service.ts';
import { registerContractReaderRoutes } from './contract-reader.routes.ts';
import { ContractReaderService } from './contract-reader.service.ts';
import { registerContractRoutes } from './contract.routes.ts';
import { ContractService } from './contract.service.ts';
import { PaymentService } from './payment.service.ts';

/** Contracts, their payments and finance read access. crm.module.ts adds the customer cascade and the timeline scope. */
export function registerContracts(app: FastifyInstance, deps: CrmDependencies, config: Config) {
  const contracts = new ContractService(deps);
  registerContractRoutes(app, deps.access, { contracts, lifecycle: new ContractLifecycleService(deps, contracts), payments: new PaymentService(deps, contracts) });
  registerContractReaderRoutes(app, config, new ContractReaderService(deps.identity));
  return contracts;
}
