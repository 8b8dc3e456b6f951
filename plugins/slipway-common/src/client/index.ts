export type { SlipwayApi } from './SlipwayApi';
export { SlipwayClient, type SlipwayClientOptions } from './SlipwayClient';
