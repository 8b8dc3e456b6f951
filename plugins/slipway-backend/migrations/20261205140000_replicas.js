// @ts-check

/**
 * Several backend replicas on one database (additive only: an older replica beside a newer one
 * ignores what it does not know):
 * - `slipway_leases`: named leases with a holder and an expiry (epoch ms). `instance:<id>` is a
 *   running backend's heartbeat; its builds and release phases are its work, taken over or failed
 *   by another replica once the heartbeat has expired. `runtime:local` is held by the one backend
 *   that may run the local runtime on this database.
 * - `slipway_auth_failures`: the git remote's failed-authentication counters, shared by replicas.
 * - `slipway_builds.runner`: the backend instance running a pending build.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_leases', table => {
    table.string('name', 200).primary();
    table.string('holder', 64).notNullable();
    table.bigInteger('expires_at').notNullable().comment('epoch milliseconds');
    table.index(['holder'], 'slipway_leases_holder_idx');
  });
  await knex.schema.createTable('slipway_auth_failures', table => {
    table
      .string('failure_key', 300)
      .primary()
      .comment('client, app and token hash');
    table.integer('failures').notNullable();
    table.bigInteger('since').notNullable().comment('epoch milliseconds');
  });
  await knex.schema.alterTable('slipway_builds', table => {
    table
      .string('runner', 64)
      .nullable()
      .comment('The backend instance running the build while pending');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_builds', table => {
    table.dropColumn('runner');
  });
  await knex.schema.dropTable('slipway_auth_failures');
  await knex.schema.dropTable('slipway_leases');
};
