/** Waits until the portal's backend answers (the frontend dev server comes up first). */
export default async function globalSetup() {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const response = await fetch('http://localhost:7007/api/slipway/health');
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        'The backend did not answer at http://localhost:7007 within 5 minutes',
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
