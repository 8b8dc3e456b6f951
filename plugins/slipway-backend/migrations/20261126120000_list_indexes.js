// @ts-check

/**
 * Indexes for paged lists (keyset pagination): builds are listed newest first by
 * (created_at, id) within an app. Apps page by their primary key (name), releases by the
 * (app, version) unique index and events by (app, id), which exist already.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_builds', table => {
    table.dropIndex(['app', 'created_at'], 'slipway_builds_app_idx');
    table.index(['app', 'created_at', 'id'], 'slipway_builds_app_page_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_builds', table => {
    table.dropIndex(['app', 'created_at', 'id'], 'slipway_builds_app_page_idx');
    table.index(['app', 'created_at'], 'slipway_builds_app_idx');
  });
};
