// @ts-check

/**
 * The Apps page sorts and filters by the newest release's status and time and by health, page
 * by page (keyset): those are columns of the app, kept by the stores that change them, each with
 * a (column, name) index so a page deep in any order costs what the first costs.
 * `health` is what the health monitor last observed (services/health); an app starts `not-deployed`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_apps', table => {
    table
      .string('release_status', 16)
      .notNullable()
      .defaultTo('pending')
      .comment("The newest release's status");
    table
      .string('deployed_at', 32)
      .notNullable()
      .defaultTo('')
      .comment("The newest release's created_at");
    table
      .string('health', 16)
      .notNullable()
      .defaultTo('not-deployed')
      .comment(
        'up, crashing, starting, no-processes, maintenance, not-deployed',
      );
    table.string('health_since', 32).nullable();
  });
  /** @param {'status' | 'created_at'} column */
  const newest = column =>
    knex.raw(
      `coalesce((select r.${column} from slipway_releases r where r.app = slipway_apps.name order by r.version desc limit 1), ?)`,
      [column === 'status' ? 'pending' : ''],
    );
  await knex('slipway_apps').update({
    release_status: newest('status'),
    deployed_at: newest('created_at'),
  });
  await knex.schema.alterTable('slipway_apps', table => {
    table.dropIndex(['owner'], 'slipway_apps_owner_idx');
    table.index(['owner', 'name'], 'slipway_apps_owner_name_idx');
    table.index(['release_status', 'name'], 'slipway_apps_status_name_idx');
    table.index(['deployed_at', 'name'], 'slipway_apps_deployed_name_idx');
    table.index(['health', 'name'], 'slipway_apps_health_name_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_apps', table => {
    table.dropIndex(['owner', 'name'], 'slipway_apps_owner_name_idx');
    table.dropIndex(['release_status', 'name'], 'slipway_apps_status_name_idx');
    table.dropIndex(['deployed_at', 'name'], 'slipway_apps_deployed_name_idx');
    table.dropIndex(['health', 'name'], 'slipway_apps_health_name_idx');
    table.index(['owner'], 'slipway_apps_owner_idx');
  });
  await knex.schema.alterTable('slipway_apps', table => {
    table.dropColumn('release_status');
    table.dropColumn('deployed_at');
    table.dropColumn('health');
    table.dropColumn('health_since');
  });
};
