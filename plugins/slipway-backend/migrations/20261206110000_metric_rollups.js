// @ts-check

/**
 * Request points summed per app and 10-minute or hour period (`span` minutes, `start` a multiple
 * of it), kept up to date in the same transaction as the per-minute rows: each batch adds its counts
 * and appends its latency histograms. A 24 h read in 10-minute steps then reads 144 rows, a 7 d read
 * in hour steps 168, instead of 1,440 or 10,080 per-minute rows spread over the table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_request_rollups', table => {
    table.comment('Router metrics per app and 10-minute or hour period');
    table.string('app', 64).notNullable();
    table.integer('span').notNullable().comment('Minutes: 10 or 60');
    table.integer('start').notNullable().comment('Minutes since the epoch');
    table.integer('status_1xx').notNullable().defaultTo(0);
    table.integer('status_2xx').notNullable().defaultTo(0);
    table.integer('status_3xx').notNullable().defaultTo(0);
    table.integer('status_4xx').notNullable().defaultTo(0);
    table.integer('status_5xx').notNullable().defaultTo(0);
    table.bigInteger('bytes_out').notNullable().defaultTo(0);
    table
      .text('latency')
      .notNullable()
      .comment('Histograms "bucket:count,..." joined by commas (they add up)');
    table.primary(['app', 'span', 'start']);
    table.index(['start'], 'slipway_request_rollups_start_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_request_rollups');
};
