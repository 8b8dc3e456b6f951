// @ts-check

/**
 * ACME (autoTls on the builtin and nginx routers): the state of each domain's automatic
 * certificate, and the ACME account per directory (its private key encrypted like certificate keys).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_acme_domains', table => {
    table.string('domain', 253).primary();
    table.string('app', 64).notNullable().index();
    // pending | issued | failed
    table.string('state', 16).notNullable();
    table.string('cert', 64).nullable();
    table.string('not_after', 32).nullable();
    table.string('next_renewal', 32).nullable();
    table.text('last_error').nullable();
    table.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('slipway_acme_accounts', table => {
    table.string('directory_url', 500).primary();
    table.string('email', 320).nullable();
    table.text('private_key').notNullable();
    table.string('created_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_acme_accounts');
  await knex.schema.dropTable('slipway_acme_domains');
};
