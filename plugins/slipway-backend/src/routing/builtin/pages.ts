import { STATUS_CODES } from 'node:http';

/** The pages the router answers itself, worded for the person in the browser. */
export const PAGES = {
  unknownHost: { status: 404, text: 'There is no app at this address.' },
  forbidden: {
    status: 403,
    text: 'Your address is not allowed to reach this app.',
  },
  maintenance: {
    status: 503,
    text: 'This app is down for maintenance. Please try again later.',
  },
  noUpstream: { status: 503, text: 'This app has no web processes running.' },
  tooLarge: {
    status: 413,
    text: 'The request body is larger than this app accepts.',
  },
  badGateway: { status: 502, text: 'The app did not answer properly.' },
  timeout: { status: 504, text: 'The app did not answer in time.' },
} as const;

export type Page = (typeof PAGES)[keyof typeof PAGES];

/** The HTML body of a page; nothing request-controlled goes into it. */
export function pageHtml(page: Page): string {
  const title = `${page.status} ${STATUS_CODES[page.status]}`;
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${page.text}</p></body></html>\n`;
}
