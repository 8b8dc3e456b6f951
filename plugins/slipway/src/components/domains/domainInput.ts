/**
 * The host name in what a person typed or pasted: `https://www.foo.test/` → `www.foo.test`.
 * Browsers' address bars give URLs; the API wants a bare domain.
 */
export function domainFromInput(input: string): string {
  const text = input.trim();
  const withoutScheme = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  // Path, query and fragment are not part of a domain; nor is a trailing dot.
  return withoutScheme.split(/[/?#]/, 1)[0].replace(/\.$/, '');
}

/** What the portal left out of the input, to say next to the field. */
export function strippedNote(input: string): string | undefined {
  const domain = domainFromInput(input);
  return domain && domain !== input.trim()
    ? `Adds ${domain} (the scheme and path are not part of a domain)`
    : undefined;
}
