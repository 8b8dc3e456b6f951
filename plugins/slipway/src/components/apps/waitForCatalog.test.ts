import type { Entity } from '@backstage/catalog-model';
import { waitForCatalog } from './waitForCatalog';

describe('opening a new app once the catalog has it', () => {
  it('waits until the catalog knows the entity', async () => {
    let calls = 0;
    const catalogApi = {
      getEntityByRef: jest.fn(async () =>
        ++calls < 3 ? undefined : ({ kind: 'Component' } as Entity),
      ),
    };
    await waitForCatalog(catalogApi, 'component:default/shop');
    expect(catalogApi.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalogApi.getEntityByRef).toHaveBeenCalledWith(
      'component:default/shop',
    );
  });

  it('does not wait without a catalog', async () => {
    await expect(
      waitForCatalog(undefined, 'component:default/shop'),
    ).resolves.toBeUndefined();
  });
});
