export { Ledger, migrationsDir } from './Ledger';
export { isUniqueViolation } from './json';
export type * from './types';
export type { Key, PageOf, PageRequest } from './keyset';
