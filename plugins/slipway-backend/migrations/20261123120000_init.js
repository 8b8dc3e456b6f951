// @ts-check

/**
 * The Slipway ledger: apps, builds, releases, domains, certs, events and deploy tokens.
 * Timestamps are ISO 8601 strings (same bytes on SQLite and PostgreSQL); JSON is stored as text.
 * Config snapshots and private keys are stored encrypted (see src/crypto).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_apps', table => {
    table.comment('Apps: the unit everything else belongs to');
    table.string('name', 64).primary();
    table
      .string('owner', 255)
      .notNullable()
      .comment('Lowercase catalog entity ref');
    table.string('cluster', 255).notNullable();
    table
      .text('structure')
      .notNullable()
      .comment('JSON: process type → replicas');
    table
      .text('settings')
      .notNullable()
      .comment('JSON: router and rollout settings');
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['owner'], 'slipway_apps_owner_idx');
  });

  await knex.schema.createTable('slipway_builds', table => {
    table.comment('Builds: immutable once recorded');
    table.string('id', 64).primary();
    table.string('app', 64).notNullable();
    table.text('image').notNullable();
    table.string('sha', 64).nullable();
    table
      .text('procfile')
      .notNullable()
      .comment('JSON: process type → command');
    table.string('status', 16).notNullable();
    table.text('log').notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['app', 'created_at'], 'slipway_builds_app_idx');
  });

  await knex.schema.createTable('slipway_releases', table => {
    table.comment(
      'Releases: the append-only ledger, versions gap-free per app',
    );
    table.bigIncrements('id').primary();
    table.string('app', 64).notNullable();
    table.integer('version').notNullable();
    table.string('build_id', 64).nullable();
    table
      .text('config')
      .notNullable()
      .comment('Encrypted JSON of the config snapshot');
    table.text('summary').notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('status', 16).notNullable();
    table.text('reason').nullable();
    table.unique(['app', 'version'], {
      indexName: 'slipway_releases_app_version_uq',
    });
  });

  await knex.schema.createTable('slipway_domains', table => {
    table.comment('Custom domains, unique across apps');
    table.string('domain', 255).primary();
    table.string('app', 64).notNullable();
    table
      .string('cert', 64)
      .nullable()
      .comment('Name of the attached cert of the same app');
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['app'], 'slipway_domains_app_idx');
  });

  await knex.schema.createTable('slipway_certs', table => {
    table.comment('TLS certificates; the private key is encrypted');
    table.string('app', 64).notNullable();
    table.string('name', 64).notNullable();
    table.text('certificate').notNullable();
    table.text('private_key').notNullable();
    table.text('subject').notNullable();
    table.text('sans').notNullable().comment('JSON array of DNS names');
    table.text('issuer').notNullable();
    table.string('not_before', 32).notNullable();
    table.string('not_after', 32).notNullable();
    table.string('fingerprint', 128).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.primary(['app', 'name']);
  });

  await knex.schema.createTable('slipway_events', table => {
    table.comment('Audit trail of every change to an app');
    table.bigIncrements('id').primary();
    table.string('app', 64).notNullable();
    table.string('type', 64).notNullable();
    table.text('message').notNullable();
    table.string('actor', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.text('details').nullable().comment('JSON');
    table.index(['app', 'id'], 'slipway_events_app_idx');
  });

  await knex.schema.createTable('slipway_tokens', table => {
    table.comment('Deploy tokens; only the sha256 of the token is stored');
    table.string('id', 64).primary();
    table.string('app', 64).notNullable();
    table.string('token_hash', 64).notNullable().unique();
    table.text('description').notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['app'], 'slipway_tokens_app_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_tokens');
  await knex.schema.dropTable('slipway_events');
  await knex.schema.dropTable('slipway_certs');
  await knex.schema.dropTable('slipway_domains');
  await knex.schema.dropTable('slipway_releases');
  await knex.schema.dropTable('slipway_builds');
  await knex.schema.dropTable('slipway_apps');
};
