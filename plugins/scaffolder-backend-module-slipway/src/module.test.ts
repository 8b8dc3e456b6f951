import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleSlipway } from './module';

describe('scaffolderModuleSlipway', () => {
  it('registers every slipway:* action with the scaffolder', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any, any>[]) =>
              actions.push(...added),
          },
        ],
      ],
      features: [scaffolderModuleSlipway],
    });
    expect(actions.map(a => a.id).sort()).toEqual([
      'slipway:app:create',
      'slipway:certs:add',
      'slipway:config:set',
      'slipway:deploy',
      'slipway:domains:add',
      'slipway:git:push',
      'slipway:pipeline:create',
      'slipway:promote',
      'slipway:rollback',
      'slipway:scale',
    ]);
    expect(actions.every(a => a.supportsDryRun)).toBe(true);
  });
});
