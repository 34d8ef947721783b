import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { CustomerSchema, MeterReadingSchema, VehicleSchema } from './customer.entity.js';
import { CustomerResolver } from './customer.resolver.js';
import { registerCustomerTimers } from './customer.timers.js';

/** Customer and vehicle files, meter readings and maintenance reminders. */
export const customersModule: ModuleManifest = {
  name: 'customers',
  entities: [CustomerSchema, VehicleSchema, MeterReadingSchema],
  resolvers: [CustomerResolver],
  jobs: jobsOf(registerCustomerTimers),
};
