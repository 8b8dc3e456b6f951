import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionModuleSlipwayPolicy, { SlipwayPermissionPolicy } from '.';

describe('permissionModuleSlipwayPolicy', () => {
  it("sets Slipway's policy through the permission plugin's policy extension point", async () => {
    const policies: PermissionPolicy[] = [];
    // Stands in for @backstage/plugin-permission-backend, which owns the extension point.
    const permissionPlugin = createBackendPlugin({
      pluginId: 'permission',
      register(reg) {
        reg.registerExtensionPoint(policyExtensionPoint, {
          setPolicy: policy => policies.push(policy),
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });
    const backend = await startTestBackend({
      features: [permissionPlugin, permissionModuleSlipwayPolicy],
    });
    await backend.stop();
    expect(policies).toHaveLength(1);
    expect(policies[0]).toBeInstanceOf(SlipwayPermissionPolicy);
  });
});
