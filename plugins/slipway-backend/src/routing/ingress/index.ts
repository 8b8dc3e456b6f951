export { createIngressRouter } from './createIngressRouter';
export { IngressRouter } from './IngressRouter';
