// @ts-check

/**
 * Pipelines: apps coupled into stages, and promotions of one app's build into the next stage's apps
 * (direct or waiting for a different user's approval).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_pipelines', table => {
    table.comment(
      'Pipelines: apps coupled into review, development, staging and production',
    );
    table.string('name', 64).primary();
    table
      .string('owner', 255)
      .notNullable()
      .comment('Lowercase catalog entity ref');
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['owner'], 'slipway_pipelines_owner_idx');
  });

  await knex.schema.createTable('slipway_pipeline_apps', table => {
    table.comment('Couplings; an app belongs to at most one pipeline');
    table.string('app', 64).primary();
    table.string('pipeline', 64).notNullable();
    table.string('stage', 16).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['pipeline'], 'slipway_pipeline_apps_pipeline_idx');
  });

  await knex.schema.createTable('slipway_promotions', table => {
    table.comment('Promotions of a build from a source app to a target app');
    table.string('id', 64).primary();
    table.string('pipeline', 64).notNullable();
    table.string('source', 64).notNullable();
    table.integer('source_version').notNullable();
    table.string('build_id', 64).notNullable().comment('The source build');
    table.string('target', 64).notNullable();
    table.string('status', 16).notNullable();
    table
      .string('pending_target', 64)
      .nullable()
      .unique({ indexName: 'slipway_promotions_pending_target_uq' })
      .comment(
        '= target while pending, else NULL: one pending promotion per target',
      );
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 32).notNullable();
    table.string('expires_at', 32).nullable();
    table.string('decided_by', 255).nullable();
    table.string('decided_at', 32).nullable();
    table.integer('version').nullable().comment("The target's release it made");
    table.index(['pipeline', 'status'], 'slipway_promotions_pipeline_idx');
    table.index(['status', 'expires_at'], 'slipway_promotions_expiry_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_promotions');
  await knex.schema.dropTable('slipway_pipeline_apps');
  await knex.schema.dropTable('slipway_pipelines');
};
