import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin from './alpha';

const app = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', annotations: { 'slipway.io/app': 'shop' } },
};
const other = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'website',
    annotations: { 'backstage.io/kubernetes-id': 'website' },
  },
};

describe('the new-frontend-system plugin', () => {
  it('mounts the apps page at /slipway as the sidebar item "Apps"', () => {
    const tester = createExtensionTester(plugin.getExtension('page:slipway'));
    expect(tester.get(coreExtensionData.routePath)).toBe('/slipway');
    expect(tester.get(coreExtensionData.title)).toBe('Apps');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('adds the Slipway tab only to entities that are Slipway apps', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:slipway'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/slipway');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Slipway');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(app)).toBe(true);
    expect(filter(other)).toBe(false);
  });

  it('adds the overview card only to entities that are Slipway apps', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:slipway/overview'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(app)).toBe(true);
    expect(filter(other)).toBe(false);
  });

  it('adds the delivery card to Slipway apps and to Groups (a team figures)', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:slipway/delivery'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(app)).toBe(true);
    expect(filter({ ...other, kind: 'Group' })).toBe(true);
    expect(filter(other)).toBe(false);
  });

  it('provides the Slipway API', () => {
    expect(plugin.getExtension('api:slipway')).toBeDefined();
  });
});
