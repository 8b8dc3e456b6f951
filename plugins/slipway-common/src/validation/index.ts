export * from './appName';
export * from './config';
export * from './processType';
export * from './domain';
export * from './cidr';
