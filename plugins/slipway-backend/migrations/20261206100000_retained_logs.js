// @ts-check

/**
 * Retained logs: the newest lines of each app (its processes' output, the platform's own lines and
 * the router's line per request), kept across process and backend restarts up to a bound the
 * LogRetainer enforces (lines and bytes per app). `id` orders the lines (the order they were
 * captured in) and is the keyset; (app, id) serves both reading a page and pruning the oldest.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_log_lines', table => {
    table.bigIncrements('id');
    table.string('app', 63).notNullable();
    table.string('time', 32).notNullable().comment('ISO timestamp');
    table
      .string('kind', 8)
      .notNullable()
      .comment('app (process output), platform or router');
    table
      .string('source', 80)
      .notNullable()
      .comment('web.1, worker.2, slipway, router');
    table
      .string('process_type', 63)
      .notNullable()
      .comment('web, slipway, router');
    table.integer('release').nullable();
    table.text('line').notNullable();
    table.integer('bytes').notNullable();
    table.index(['app', 'id'], 'slipway_log_lines_app_id_idx');
  });
  // Where an app's lines are also sent. The URL may hold credentials: stored encrypted
  // (SecretBox), shown as `display` (password and query values masked).
  await knex.schema.createTable('slipway_log_drains', table => {
    table.string('id', 36).primary();
    table.string('app', 63).notNullable();
    table.text('url').notNullable().comment('encrypted');
    table.string('display', 2048).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['app'], 'slipway_log_drains_app_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_log_drains');
  await knex.schema.dropTable('slipway_log_lines');
};
