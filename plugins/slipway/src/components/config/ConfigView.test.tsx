import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { ConfigView } from './ConfigView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

function seed() {
  const app = backend.fake.addApp('shop');
  backend.fake.release(app, {
    summary: 'jane@ added DATABASE_URL, SECRET_KEY',
    config: {
      ...app.config,
      values: { DATABASE_URL: 'postgres://db', SECRET_KEY: 's3cr3t' },
    },
  });
  return app;
}

const configRow = (key: string) =>
  within(screen.getByRole('table', { name: 'Config vars' })).getByRole('row', {
    name: new RegExp(`^${key}\\b`),
  });

describe('ConfigView', () => {
  it('hides values until a permitted user reveals them', async () => {
    seed();
    await renderWithSlipway(<ConfigView app="shop" />);

    await screen.findByRole('table', { name: 'Config vars' });
    expect(configRow('SECRET_KEY')).toHaveTextContent('••••••••');
    expect(screen.queryByText('s3cr3t')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Reveal values' }),
    );
    expect(configRow('SECRET_KEY')).toHaveTextContent('s3cr3t');
    expect(configRow('DATABASE_URL')).toHaveTextContent('postgres://db');

    await userEvent.click(screen.getByRole('button', { name: 'Hide values' }));
    expect(screen.queryByText('s3cr3t')).not.toBeInTheDocument();
  });

  it('cannot reveal values without config read permission, and says why', async () => {
    seed();
    backend.fake.revealConfig = false;
    await renderWithSlipway(<ConfigView app="shop" />, {
      grants: { configRead: false },
    });

    await screen.findByRole('table', { name: 'Config vars' });
    expect(configRow('SECRET_KEY')).toHaveTextContent('••••••••');
    const reveal = screen.getByRole('button', { name: 'Reveal values' });
    expect(reveal).toBeDisabled();
    expect(reveal).toHaveAttribute(
      'title',
      'Only the owners of shop can read its config values',
    );
  });

  it('adds, changes and unsets several keys in one release', async () => {
    const app = seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });

    await userEvent.type(screen.getByLabelText('New key'), 'LOG_LEVEL');
    await userEvent.type(screen.getByLabelText('New value'), 'debug');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    await userEvent.click(
      screen.getByRole('button', { name: 'Edit DATABASE_URL' }),
    );
    const value = screen.getByLabelText('New value of DATABASE_URL');
    expect(value).toHaveValue('postgres://db');
    await userEvent.clear(value);
    await userEvent.type(value, 'postgres://replica');
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));

    await userEvent.click(
      screen.getByRole('button', { name: 'Unset SECRET_KEY' }),
    );

    expect(configRow('LOG_LEVEL')).toHaveTextContent('debug (new)');
    expect(configRow('DATABASE_URL')).toHaveTextContent(
      'postgres://replica (changed)',
    );
    expect(configRow('SECRET_KEY')).toHaveTextContent('will be unset');
    expect(
      screen.getByText(/set LOG_LEVEL, DATABASE_URL · unset SECRET_KEY/),
    ).toBeInTheDocument();
    expect(app.releases).toHaveLength(2);

    await userEvent.click(
      screen.getByRole('button', { name: 'Save 3 changes' }),
    );

    expect(
      await screen.findByText('Saved: created release v3'),
    ).toBeInTheDocument();
    expect(app.releases).toHaveLength(3);
    expect(app.config.values).toEqual({
      DATABASE_URL: 'postgres://replica',
      LOG_LEVEL: 'debug',
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Config vars' })).queryByText(
          /SECRET_KEY/,
        ),
      ).toBeNull(),
    );
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('takes a 500 KB pasted value in a fixed-height editor and saves it whole', async () => {
    const app = seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    const big = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(
      500 * 1024,
    )}\n-----END CERTIFICATE-----`;

    await userEvent.type(screen.getByLabelText('New key'), 'BUNDLE');
    const editor = screen.getByLabelText('New value');
    expect(editor).toHaveAttribute('rows', '6');
    await userEvent.click(editor);
    await userEvent.paste(big);
    expect(screen.getByText('500.1 KiB')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    // The table shows the start and the size, not half a megabyte of text.
    expect(configRow('BUNDLE')).toHaveTextContent(
      '-----BEGIN CERTIFICATE-----… (500.1 KiB) (new)',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Save 1 change' }),
    );
    await screen.findByText('Saved: created release v3');
    expect(app.config.values.BUNDLE).toBe(big);
  });

  it('loads a value from a file', async () => {
    const app = seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    await userEvent.type(screen.getByLabelText('New key'), 'TLS_KEY');
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n';
    await userEvent.upload(
      screen.getByLabelText('File for New value'),
      new File([pem], 'key.pem', { type: 'application/x-pem-file' }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('New value')).toHaveValue(pem),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Save 1 change' }),
    );
    await screen.findByText('Saved: created release v3');
    expect(app.config.values.TLS_KEY).toBe(pem);
  });

  it('refuses PORT and SLIPWAY_RELEASE next to the field: the platform sets them', async () => {
    seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    await userEvent.type(screen.getByLabelText('New key'), 'PORT');
    expect(
      screen.getByText(/"PORT" is set by the platform for every process/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add' })).toBeDisabled();
    await userEvent.clear(screen.getByLabelText('New key'));
    await userEvent.type(screen.getByLabelText('New key'), 'SLIPWAY_RELEASE');
    expect(
      screen.getByText(/"SLIPWAY_RELEASE" is set by the platform/),
    ).toBeInTheDocument();
  });

  it('checks a new key before staging it', async () => {
    seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });

    await userEvent.type(screen.getByLabelText('New key'), '1BAD-KEY');
    expect(
      screen.getByText(/must start with a letter or underscore/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add' })).toBeDisabled();
  });

  it("shows the API's message on a refused save and keeps the staged changes and the config", async () => {
    const app = seed();
    backend.server.use(
      http.patch(`${BASE_URL}/apps/shop/config`, () =>
        errorResponse(
          400,
          'InputError',
          'Config of shop would exceed 1048576 bytes',
        ),
      ),
    );
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Unset SECRET_KEY' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Save 1 change' }),
    );

    expect(
      await screen.findByText('Config of shop would exceed 1048576 bytes'),
    ).toBeInTheDocument();
    expect(configRow('SECRET_KEY')).toHaveTextContent('will be unset');
    expect(screen.getByRole('button', { name: 'Save 1 change' })).toBeEnabled();
    expect(app.releases).toHaveLength(2);
    expect(app.config.values.SECRET_KEY).toBe('s3cr3t');
  });

  it('discards staged changes without sending anything', async () => {
    seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Unset SECRET_KEY' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Discard changes' }),
    );

    expect(configRow('SECRET_KEY')).toHaveTextContent('••••••••');
    expect(backend.fake.requests).not.toContain('PATCH /apps/shop/config');
  });

  it('disables editing with the reason for users who may not update the app', async () => {
    seed();
    await renderWithSlipway(<ConfigView app="shop" />, {
      grants: { update: false },
    });
    await screen.findByRole('table', { name: 'Config vars' });

    expect(
      screen.getByText('Only the owners of shop can change its config'),
    ).toBeInTheDocument();
    for (const name of [
      'Edit SECRET_KEY',
      'Unset SECRET_KEY',
      'Add',
      'Save changes',
    ]) {
      const button = screen.getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAttribute(
        'title',
        'Only the owners of shop can change its config',
      );
    }
    expect(screen.getByLabelText('New key')).toBeDisabled();
  });

  it('shows a key added elsewhere at once, beside the staged edits', async () => {
    const app = seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<ConfigView app="shop" />, { signals });
    await screen.findByRole('table', { name: 'Config vars' });
    expect(signals.channels).toContain('slipway:app:shop');
    await userEvent.type(screen.getByLabelText('New key'), 'MINE');
    await userEvent.type(screen.getByLabelText('New value'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    backend.fake.release(app, {
      summary: 'bob@ added ELSEWHERE',
      config: {
        ...app.config,
        values: { ...app.config.values, ELSEWHERE: 'y' },
      },
    });
    signals.publish('slipway:app:shop', { app: 'shop' });
    expect(await screen.findByText('ELSEWHERE')).toBeInTheDocument();
    expect(configRow('MINE')).toHaveTextContent('(new)');
    expect(
      screen.getByText(/Someone changed the config since you started editing/),
    ).toBeInTheDocument();
  });

  it('shows a conflict instead of saving over a change made elsewhere, and saves after a reload that keeps the edits', async () => {
    const app = seed();
    await renderWithSlipway(<ConfigView app="shop" />);
    await screen.findByRole('table', { name: 'Config vars' });
    await userEvent.type(screen.getByLabelText('New key'), 'MINE');
    await userEvent.type(screen.getByLabelText('New value'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));

    // Someone changes the config; this page has not heard of it yet (no signals installed).
    backend.fake.release(app, {
      summary: 'bob@ changed DATABASE_URL',
      config: {
        ...app.config,
        values: { ...app.config.values, DATABASE_URL: 'postgres://theirs' },
      },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Save 1 change' }),
    );

    const conflict = await screen.findByRole('alert');
    expect(conflict).toHaveTextContent(
      'Not saved: the config changed while you were editing',
    );
    expect(conflict).toHaveTextContent(/changed since v2 \(now v3\)/);
    expect(app.config.values).toEqual({
      DATABASE_URL: 'postgres://theirs',
      SECRET_KEY: 's3cr3t',
    });
    expect(configRow('MINE')).toHaveTextContent('x (new)');

    await userEvent.click(
      within(conflict).getByRole('button', {
        name: 'Reload and keep my edits',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await userEvent.click(
      screen.getByRole('button', { name: 'Save 1 change' }),
    );
    expect(
      await screen.findByText('Saved: created release v4'),
    ).toBeInTheDocument();
    expect(app.config.values).toEqual({
      DATABASE_URL: 'postgres://theirs',
      MINE: 'x',
      SECRET_KEY: 's3cr3t',
    });
  });

  it('asks before a link click or a page unload discards staged edits', async () => {
    seed();
    await renderWithSlipway(
      <>
        <a href="/elsewhere">Releases</a>
        <ConfigView app="shop" />
      </>,
    );
    await screen.findByRole('table', { name: 'Config vars' });
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    try {
      await userEvent.click(screen.getByRole('link', { name: 'Releases' }));
      expect(confirm).not.toHaveBeenCalled();
      expect(unload()).toBe(false);

      await userEvent.type(screen.getByLabelText('New key'), 'MINE');
      await userEvent.type(screen.getByLabelText('New value'), 'x');
      await userEvent.click(screen.getByRole('button', { name: 'Add' }));
      await userEvent.click(screen.getByRole('link', { name: 'Releases' }));
      expect(confirm).toHaveBeenCalledWith(
        'You have 1 unsaved config change. Leave and discard it?',
      );
      expect(configRow('MINE')).toBeInTheDocument();
      expect(unload()).toBe(true);
    } finally {
      confirm.mockRestore();
    }
  });
});
