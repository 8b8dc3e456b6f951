// @ts-check

/**
 * Every reconcile looks up an app's pending releases (to mark them succeeded or failed): by
 * (app, status, version) that reads the pending ones only, instead of every release the app
 * ever had through the (app, version) index.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_releases', table => {
    table.index(['app', 'status', 'version'], 'slipway_releases_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_releases', table => {
    table.dropIndex(
      ['app', 'status', 'version'],
      'slipway_releases_status_idx',
    );
  });
};
