import { NotFoundError } from '@backstage/errors';
import type { App } from '@slipway/plugin-slipway-common';
import { appNameUnavailable } from './validateAppName';

describe('the template form’s app name check', () => {
  const api = (existing: string[]) => ({
    getApp: async (name: string) => {
      if (existing.includes(name)) return { name } as App;
      throw new NotFoundError(`No app named ${name}`);
    },
  });

  it('reports a taken name before the template runs', async () => {
    expect(await appNameUnavailable(api(['shop']), 'shop')).toBe(
      'An app named "shop" already exists: choose another name',
    );
    expect(await appNameUnavailable(api(['shop']), 'shop-2')).toBeUndefined();
  });

  it("applies the API's name rules without asking it", async () => {
    const getApp = jest.fn();
    expect(await appNameUnavailable({ getApp }, 'my--app')).toMatch(/--/);
    expect(getApp).not.toHaveBeenCalled();
  });
});
