export * from './errors.js';
export * from './tenancy.js';
export * from './relationships.js';
export * from './money.js';
export * from './fsm.js';
export * from './validation.js';
export * from './ids.js';
export * from './repair-order.js';
