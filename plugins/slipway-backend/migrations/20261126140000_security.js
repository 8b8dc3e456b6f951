// @ts-check

/**
 * Deploy tokens expire and record their last use; the release phase records its state, so a
 * release command runs exactly once per release (also across backend restarts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_tokens', table => {
    table
      .string('expires_at', 32)
      .nullable()
      .comment('ISO 8601; the token is refused from then on');
    table
      .string('last_used_at', 32)
      .nullable()
      .comment('ISO 8601, to the minute: the last push or fetch');
  });
  // Tokens issued before tokens expired get the default lifetime (90 days) from their creation.
  const tokens = await knex('slipway_tokens').select('id', 'created_at');
  for (const token of tokens) {
    const created = Date.parse(token.created_at);
    const expires = new Date(
      (Number.isNaN(created) ? Date.now() : created) + 90 * 24 * 3600 * 1000,
    ).toISOString();
    await knex('slipway_tokens')
      .where({ id: token.id })
      .update({ expires_at: expires });
  }

  await knex.schema.alterTable('slipway_releases', table => {
    table
      .string('phase', 16)
      .nullable()
      .comment(
        'Release phase (Procfile release:): running, done or failed; null while pending (or without one)',
      );
    table
      .string('phase_runner', 64)
      .nullable()
      .comment('The backend instance that started the release command');
    table.string('phase_started_at', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_releases', table => {
    table.dropColumn('phase_started_at');
    table.dropColumn('phase_runner');
    table.dropColumn('phase');
  });
  await knex.schema.alterTable('slipway_tokens', table => {
    table.dropColumn('last_used_at');
    table.dropColumn('expires_at');
  });
};
