// @ts-check

/**
 * Where no Prometheus exists, the ledger keeps a small time series of each app: per-minute points
 * that the router (requests by status class, latency histogram, bytes out) and the runtime
 * (memory and CPU per process type) write in batches. A minute may hold several rows (one per
 * flush); a query sums them. `minute` is minutes since the Unix epoch, so a window is an integer
 * range and the (app, minute) index serves a 24 h or 7 d query of one app without touching others.
 * Points older than `slipway.metrics.retentionDays` are pruned by a scheduled task.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_request_points', table => {
    table.comment('Router metrics per app and minute (summed over rows)');
    table.bigIncrements('id').primary();
    table.string('app', 64).notNullable();
    table.integer('minute').notNullable().comment('Minutes since the epoch');
    table.integer('status_1xx').notNullable().defaultTo(0);
    table.integer('status_2xx').notNullable().defaultTo(0);
    table.integer('status_3xx').notNullable().defaultTo(0);
    table.integer('status_4xx').notNullable().defaultTo(0);
    table.integer('status_5xx').notNullable().defaultTo(0);
    table.bigInteger('bytes_out').notNullable().defaultTo(0);
    table
      .text('latency')
      .notNullable()
      .comment(
        'Sparse latency histogram "bucket:count,..." (see metrics/histogram)',
      );
    table.index(['app', 'minute'], 'slipway_request_points_app_minute_idx');
    table.index(['minute'], 'slipway_request_points_minute_idx');
  });
  await knex.schema.createTable('slipway_process_points', table => {
    table.comment('Process metrics per app, process type and minute');
    table.bigIncrements('id').primary();
    table.string('app', 64).notNullable();
    table.integer('minute').notNullable().comment('Minutes since the epoch');
    table.string('process_type', 64).notNullable();
    table
      .bigInteger('memory_bytes')
      .notNullable()
      .comment(
        'Sum over the processes of the type, highest sample of the minute',
      );
    table
      .integer('cpu_millicores')
      .notNullable()
      .comment('Sum over the processes of the type, mean of the minute');
    table.index(['app', 'minute'], 'slipway_process_points_app_minute_idx');
    table.index(['minute'], 'slipway_process_points_minute_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_process_points');
  await knex.schema.dropTable('slipway_request_points');
};
