import { OPS, users, type Slipway } from '../../api/__testUtils__/startSlipway';

/** Jane creates the `shop` pipeline: shop-staging (staging) → shop-prod (production), all owned by ops. */
export async function shopStages(s: Slipway) {
  const jane = s.as(users.jane);
  await jane.post('/pipelines', { name: 'shop', owner: OPS }).expect(201);
  for (const app of ['shop-staging', 'shop-prod']) {
    await jane.post('/apps', { name: app, owner: OPS }).expect(201);
  }
  await jane
    .put('/pipelines/shop/apps/shop-staging', { stage: 'staging' })
    .expect(200);
  await jane
    .put('/pipelines/shop/apps/shop-prod', { stage: 'production' })
    .expect(200);
}

/**
 * shop-staging (a build) → shop-prod (requires approval), both owned by ops (Jane and Ann); Jane promotes.
 * Resolves to the id of the pending promotion.
 */
export async function gatedPipeline(s: Slipway) {
  const jane = s.as(users.jane);
  await shopStages(s);
  await jane
    .post('/apps/shop-staging/builds', {
      image: 'registry.test/shop:1',
      sha: '1a2b3c4d5e6f',
    })
    .expect(201);
  await jane
    .patch('/apps/shop-prod/settings', { requireApproval: true })
    .expect(200);
  await s.settled();
  const res = await jane.post('/apps/shop-staging/promote').expect(202);
  return res.body.promotions[0].id as string;
}
