export * from './declare.js';
export * from './lifecycle.js';
export { declaredAccess, liveAccess, type TableAccess } from './rls.js';
