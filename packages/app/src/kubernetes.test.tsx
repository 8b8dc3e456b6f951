import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';

// Apps on the Kubernetes runtime carry `backstage.io/kubernetes-id` (set by the catalog module);
// the Kubernetes plugin's own filter must put its tab on exactly those entities.
describe('the Kubernetes tab on Slipway app entities', () => {
  const tester = createExtensionTester(
    kubernetesPlugin.getExtension('entity-content:kubernetes/kubernetes'),
  );
  const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop', annotations },
  });

  it('shows for an app on the Kubernetes runtime', () => {
    expect(
      filter(
        entity({
          'slipway.io/app': 'shop',
          'backstage.io/kubernetes-id': 'shop',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    ).toBe(true);
  });

  it('does not show for an app on the local runtime', () => {
    expect(filter(entity({ 'slipway.io/app': 'shop' }))).toBe(false);
  });
});
