// @ts-check

/**
 * An app's one-line description (typed into a template or the Create app dialog), which its
 * catalog entity carries.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_apps', table => {
    table.string('description', 500).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_apps', table => {
    table.dropColumn('description');
  });
};
