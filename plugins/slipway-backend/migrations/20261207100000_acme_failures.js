// @ts-check

/**
 * ACME backoff: how many times in a row a domain's order failed (0 after a success). The issuer
 * waits `retryAfter × 2^(failures−1)`, at most 7 days, before ordering a failing domain again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_acme_domains', table => {
    table.integer('failures').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_acme_domains', table => {
    table.dropColumn('failures');
  });
};
